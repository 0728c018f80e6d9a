package research

import (
	"context"
	"errors"
	"testing"
)

func TestReidentify(t *testing.T) {
	cat := catalogue(t)
	sy := makeSynthetic(t, cat, 21, 200)
	res, err := Run(context.Background(), RunInput{Study: encounterStudy(), Patients: sy.patients, Consent: sy.index, Key: testKey(1), At: day(2026, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range sy.patients {
		ids = append(ids, p.ID)
	}
	for _, id := range res.Gate.Included {
		pn, _ := res.Pseudonym(id)
		got, err := Reidentify(testKey(1), pn, ids)
		if err != nil || got != id {
			t.Fatalf("reidentify: %q, %v", got, err)
		}
		// Another study's key (or a destroyed and replaced key) cannot.
		if _, err := Reidentify(testKey(2), pn, ids); !errors.Is(err, ErrUnknownPseudonym) {
			t.Fatalf("another key re-identified: %v", err)
		}
	}
}
