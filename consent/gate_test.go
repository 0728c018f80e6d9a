package consent

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestStudyCohort(t *testing.T) {
	cat := defaults(t)
	at := day(2026, 6, 1)
	var events []Event
	var ids []string
	for i := range 8 {
		pid := fmt.Sprintf("p%d", i)
		ids = append(ids, pid)
		if i == 0 {
			continue // never asked
		}
		g := grant(t, cat, "g"+pid, pid, reg, day(2026, 2, 1))
		switch i {
		case 2:
			events = append(events, Withdraw(g, "u", MethodPaper, day(2026, 4, 1)))
		case 3:
			g.Deny = []Deny{{Categories: []string{CatGenetics}}}
		case 4:
			g.Categories = []string{CatDiagnoses}
		}
		events = append([]Event{g}, events...)
	}
	blocks := []Block{
		{Kind: BlockRestriction, PatientID: "p5", From: day(2026, 5, 1), RequestID: "req-5"},
		{Kind: BlockObjection, PatientID: "p6", PurposeID: reg, From: day(2026, 5, 1), RequestID: "req-6"},
	}
	ix := mustIndex(t, cat, events, blocks)
	in, out, err := ix.StudyCohort(reg, "university-institute", append(ids, "p7"), []string{CatDiagnoses, CatGenetics}, at)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(in, []string{"p1", "p7"}) {
		t.Errorf("included %v", in)
	}
	// Oracle: a patient is excluded exactly when Allowed refuses one category.
	for _, x := range out {
		d := ix.Allowed(x.PatientID, reg, "university-institute", x.Category, at)
		if d.Allowed || d.Reason != x.Reason {
			t.Errorf("exclusion %+v vs %+v", x, d)
		}
	}
	if len(in)+len(out) != len(ids) {
		t.Errorf("%d + %d != %d", len(in), len(out), len(ids))
	}
	if got := ix.Restricted(ids, at); !slices.Equal(got, []string{"p5"}) {
		t.Errorf("restricted %v", got)
	}
	if _, _, err := ix.StudyCohort("treatment", "", ids, nil, at); !errors.Is(err, ErrInvalid) {
		t.Errorf("care purpose as study: %v", err)
	}
}
