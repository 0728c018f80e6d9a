package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"custodia/vault"
)

// ageBand is a range of ages [min, max] drawn with the given weight.
type ageBand struct{ min, max, weight int }

// ageBands approximate the age structure of a general practice's list.
var ageBands = []ageBand{
	{0, 4, 5}, {5, 17, 13}, {18, 29, 14}, {30, 44, 19},
	{45, 64, 27}, {65, 79, 16}, {80, 89, 5}, {90, 103, 1},
}

// Patients returns n synthetic patients, the same for the same seed and
// now. Birth dates lie before now; MRNs are unique ("DEMO-000001", ...).
// ID, Version and timestamps are left for the vault to set.
func Patients(n int, seed int64, now time.Time) []vault.Patient {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x637573746f646961))
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	ps := make([]vault.Patient, n)
	for i := range ps {
		ps[i] = patient(rng, i, today)
	}
	return ps
}

func patient(rng *rand.Rand, i int, today time.Time) vault.Patient {
	sex := pickSex(rng)
	given := pickGiven(rng, sex)
	family := pick(rng, familyNames)
	p := vault.Patient{
		GivenName:       given,
		FamilyName:      family,
		BirthDate:       birthDate(rng, today),
		Sex:             sex,
		Address:         fmt.Sprintf("%d %s, %s", 1+rng.IntN(120), pick(rng, streets), pick(rng, cities)),
		Postcode:        fmt.Sprintf("%05d", 1000+rng.IntN(98000)),
		Phone:           phone(rng),
		Email:           email(rng, given, family, i),
		InsuranceNumber: fmt.Sprintf("DEMO%c%09d", 'A'+rune(rng.IntN(26)), rng.IntN(1_000_000_000)),
		MRN:             fmt.Sprintf("DEMO-%06d", i+1),
		Diagnosis:       diagnosis(rng),
		Notes:           pick(rng, notes),
	}
	return p
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

func pickSex(rng *rand.Rand) string {
	switch r := rng.IntN(100); {
	case r < 51:
		return "female"
	case r < 98:
		return "male"
	case r < 99:
		return "other"
	default:
		return "unknown"
	}
}

func pickGiven(rng *rand.Rand, sex string) string {
	switch sex {
	case "female":
		return pick(rng, femaleGiven)
	case "male":
		return pick(rng, maleGiven)
	}
	if rng.IntN(2) == 0 {
		return pick(rng, femaleGiven)
	}
	return pick(rng, maleGiven)
}

// birthDate draws an age from ageBands and a day within that year of age,
// never after today.
func birthDate(rng *rand.Rand, today time.Time) time.Time {
	total := 0
	for _, b := range ageBands {
		total += b.weight
	}
	r := rng.IntN(total)
	band := ageBands[len(ageBands)-1]
	for _, b := range ageBands {
		if r < b.weight {
			band = b
			break
		}
		r -= b.weight
	}
	age := band.min + rng.IntN(band.max-band.min+1)
	latest := today.AddDate(-age, 0, 0)
	return latest.AddDate(0, 0, -rng.IntN(365))
}

// phone returns a number from ranges reserved for drama and fiction
// (France 06 39 98, United Kingdom 07700 900).
func phone(rng *rand.Rand) string {
	if rng.IntN(2) == 0 {
		return fmt.Sprintf("+33 6 39 98 %02d %02d", rng.IntN(100), rng.IntN(100))
	}
	return fmt.Sprintf("+44 7700 900%03d", rng.IntN(1000))
}

func email(rng *rand.Rand, given, family string, i int) string {
	domain := "example.org"
	if rng.IntN(2) == 0 {
		domain = "example.net"
	}
	return fmt.Sprintf("%s.%s%d@%s", mailPart(given), mailPart(family), i+1, domain)
}

// mailPart folds a name to lower-case ASCII letters and digits.
func mailPart(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case asciiFold[r] != "":
			b.WriteString(asciiFold[r])
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

func diagnosis(rng *rand.Rand) string {
	switch rng.IntN(10) {
	case 0:
		return ""
	case 1, 2:
		return pick(rng, diagnoses) + ", " + pick(rng, diagnoses)
	}
	return pick(rng, diagnoses)
}
