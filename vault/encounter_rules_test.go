package vault

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNestedFieldErrorsKeepTheirRule: an encounter's field error inside a
// batch of patient records keeps its rule code (the front ends word the
// code in the reader's language; without it they fall back to English).
func TestNestedFieldErrorsKeepTheirRule(t *testing.T) {
	_, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(4, 4))
	e := sampleEncounter("")
	e.Kind = "no-such-kind"
	_, err := s.AddPatientRecords([]PatientRecord{{Patient: fakePatient(r, 1), Encounters: []Encounter{e}}})
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("bad encounter kind: %v", err)
	}
	for _, f := range ve.Fields {
		if strings.HasSuffix(f.Field, ".Kind") {
			if f.Rule != RuleEncounterKind {
				t.Fatalf("%s: rule %q, want %q", f.Field, f.Rule, RuleEncounterKind)
			}
			return
		}
	}
	t.Fatalf("no field error for the kind: %+v", ve.Fields)
}
