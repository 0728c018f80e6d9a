package consent

import (
	"slices"
	"testing"
	"time"
)

// PlanShippedTexts, checked against every combination of what a store
// may hold of two shipped versions of one purpose and language (nothing,
// the shipped wording, another wording) plus a version the practice
// wrote, and of the purpose being in the catalogue or not.
func TestPlanShippedTextsExhaustive(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v1 := NewText("recall", "de", 1, "Wortlaut 1", true, from)
	v2 := NewText("recall", "de", 2, "Wortlaut 2", true, from)
	other := func(tx Text) Text {
		return NewText(tx.PurposeID, tx.Language, tx.Version, tx.Body+" (eigene Fassung)", true, from)
	}
	own3 := NewText("recall", "de", 3, "Eigener Text", true, from)
	en1 := NewText("recall", "en", 1, "Wording 1", true, from)
	shipped := []Text{v1, v2, en1}
	for state := 0; state < 3*3*2*2; state++ {
		s1, s2, hasOwn, hasPurpose := state%3, state/3%3, state/9%2 == 1, state/18 == 1
		var stored []Text
		for i, st := range []int{s1, s2} {
			tx := []Text{v1, v2}[i]
			switch st {
			case 1:
				stored = append(stored, tx)
			case 2:
				stored = append(stored, other(tx))
			}
		}
		if hasOwn {
			stored = append(stored, own3)
		}
		var purposes []Purpose
		if hasPurpose {
			purposes = []Purpose{{ID: "recall"}}
		}
		add, rep := PlanShippedTexts(shipped, stored, purposes)

		// The rule, stated independently.
		ownWording := hasOwn || s1 == 2 || s2 == 2
		var wantAdd, wantDiffer, wantOwn, wantNo []TextRef
		for i, st := range []int{s1, s2} {
			ref := RefOf([]Text{v1, v2}[i])
			switch {
			case st == 2:
				wantDiffer = append(wantDiffer, ref)
			case st == 1:
			case !hasPurpose:
				wantNo = append(wantNo, ref)
			case ownWording:
				wantOwn = append(wantOwn, ref)
			default:
				wantAdd = append(wantAdd, ref)
			}
		}
		if hasPurpose {
			wantAdd = append(wantAdd, RefOf(en1)) // English is not worded by the practice
		} else {
			wantNo = append(wantNo, RefOf(en1))
		}
		var gotAdd []TextRef
		for _, tx := range add {
			gotAdd = append(gotAdd, RefOf(tx))
		}
		SortRefs(gotAdd)
		for _, l := range [][]TextRef{wantAdd, wantDiffer, wantOwn, wantNo} {
			SortRefs(l)
		}
		if !slices.Equal(gotAdd, wantAdd) || !slices.Equal(rep.Differ, wantDiffer) || !slices.Equal(rep.OwnWording, wantOwn) ||
			!slices.Equal(rep.NoPurpose, wantNo) || len(rep.Added) != 0 {
			t.Errorf("state %d (v1 %d, v2 %d, own %v, purpose %v): add %v differ %v own %v none %v; want %v %v %v %v",
				state, s1, s2, hasOwn, hasPurpose, gotAdd, rep.Differ, rep.OwnWording, rep.NoPurpose, wantAdd, wantDiffer, wantOwn, wantNo)
		}
	}
}
