package vault

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// syllables build distinctive synthetic names that never occur in real text.
var syllables = []string{"zyx", "qor", "vex", "thul", "krin", "mab", "jorv", "plix", "wuz", "gref", "oxa", "dril", "yumb", "skav"}

func fakeName(r *rand.Rand, parts int) string {
	s := ""
	for range parts {
		s += syllables[r.IntN(len(syllables))]
	}
	return string(s[0]-32) + s[1:]
}

// fakePatient is a synthetic patient; i makes the phone, e-mail and MRN unique.
func fakePatient(r *rand.Rand, i int) Patient {
	given, family := fakeName(r, 2), fakeName(r, 3)
	return Patient{
		GivenName:       given,
		FamilyName:      family,
		BirthDate:       time.Date(1930+r.IntN(90), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC),
		Sex:             []string{"female", "male", "other", "unknown"}[r.IntN(4)],
		Address:         fmt.Sprintf("%d Qwzzle Lane", 1+r.IntN(900)),
		Postcode:        fmt.Sprintf("Q%04d", r.IntN(10000)),
		Phone:           fmt.Sprintf("+99 555 %07d", i),
		Email:           fmt.Sprintf("%s.%d@zyxqorn.example", family, i),
		InsuranceNumber: fmt.Sprintf("INSZ%08d", i),
		MRN:             fmt.Sprintf("MRNZ-%07d", i),
		Diagnosis:       "Z99.8",
		Notes:           fmt.Sprintf("synthetic note %d for Vexthul", i),
	}
}

func mustAdd(t testing.TB, s *Session, p Patient) Patient {
	t.Helper()
	out, err := s.AddPatient(p)
	if err != nil {
		t.Fatalf("AddPatient: %v", err)
	}
	return out
}
