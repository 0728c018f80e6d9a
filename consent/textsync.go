package consent

import (
	"cmp"
	"context"
	"slices"
)

// TextSync is what adding the shipped consent texts to an existing store
// did (see PlanShippedTexts and TextAdder). Texts are evidence: a stored
// version is never replaced or changed by it.
type TextSync struct {
	// Added are the shipped versions the store lacked and now has.
	Added []TextRef `json:"added,omitempty"`
	// Differ are versions stored with the same purpose, language and
	// version as a shipped one but another wording: kept as stored,
	// reported for the DPO to look at.
	Differ []TextRef `json:"differ,omitempty"`
	// OwnWording are shipped versions not added because the practice
	// words that purpose in that language itself (a version it wrote, or
	// a shipped version it replaced): a newer shipped version would
	// supersede its text and the consents given on it.
	OwnWording []TextRef `json:"ownWording,omitempty"`
	// NoPurpose are shipped versions of purposes the catalogue does not
	// have (the practice deleted or never had them).
	NoPurpose []TextRef `json:"noPurpose,omitempty"`
}

// Changed reports whether the store gained a text.
func (s TextSync) Changed() bool { return len(s.Added) > 0 }

// TextAdder is a store that adds text versions insert-only, all in one
// transaction, audited: a version it already holds is left as it is
// (reported in Differ when its wording is another one). The vault's
// consent store implements it.
type TextAdder interface {
	AddTexts(ctx context.Context, texts []Text) (TextSync, error)
}

// RefOf names a text version.
func RefOf(t Text) TextRef {
	return TextRef{PurposeID: t.PurposeID, Language: t.Language, Version: t.Version}
}

// PlanShippedTexts decides which shipped text versions an existing store
// should gain: those of a purpose in the catalogue (purposes) that the
// store lacks, unless the practice has its own wording for that purpose
// and language (a stored version that is no shipped one, or differs from
// the shipped one of the same number). It returns the texts to add and
// the sync report without Added (the store fills it in).
func PlanShippedTexts(shipped, stored []Text, purposes []Purpose) ([]Text, TextSync) {
	have := map[TextRef]Text{}
	for _, t := range stored {
		have[RefOf(t)] = t
	}
	ship := map[TextRef]Text{}
	for _, t := range shipped {
		ship[RefOf(t)] = t
	}
	type pair struct{ purpose, lang string }
	own := map[pair]bool{}
	var rep TextSync
	for _, t := range stored {
		s, ok := ship[RefOf(t)]
		if !ok || s.SHA256 != t.SHA256 {
			own[pair{t.PurposeID, t.Language}] = true
		}
		if ok && s.SHA256 != t.SHA256 {
			rep.Differ = append(rep.Differ, RefOf(t))
		}
	}
	var add []Text
	for _, t := range shipped {
		switch _, stored := have[RefOf(t)]; {
		case stored:
		case !slices.ContainsFunc(purposes, func(p Purpose) bool { return p.ID == t.PurposeID }):
			rep.NoPurpose = append(rep.NoPurpose, RefOf(t))
		case own[pair{t.PurposeID, t.Language}]:
			rep.OwnWording = append(rep.OwnWording, RefOf(t))
		default:
			add = append(add, t)
		}
	}
	for _, l := range [][]TextRef{rep.Differ, rep.OwnWording, rep.NoPurpose} {
		slices.SortFunc(l, compareRefs)
	}
	return add, rep
}

func compareRefs(a, b TextRef) int {
	return cmp.Or(cmp.Compare(a.PurposeID, b.PurposeID), cmp.Compare(a.Language, b.Language), cmp.Compare(a.Version, b.Version))
}

// SortRefs sorts text references by purpose, language and version.
func SortRefs(refs []TextRef) { slices.SortFunc(refs, compareRefs) }
