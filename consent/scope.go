package consent

import (
	"slices"
)

// Scope is what one grant really covers, after its recipient and category
// choices and its deny exceptions: the categories the practice itself may
// use, and per recipient the categories it may receive (recipients that
// may receive nothing are left out). Receipts and access reports are built
// from it; it follows the same rule as Index.Allowed (see scopeVerdict):
// a deny without recipients applies to everyone, the practice included.
type Scope struct {
	Categories []string            // in the purpose's order
	Shared     map[string][]string // recipient id → categories, in the purpose's order
}

// ScopeOf computes the scope of a grant (or refusal) of purpose p.
func ScopeOf(e Event, p Purpose) Scope {
	cats := e.Categories
	if len(cats) == 0 {
		cats = p.DataCategories
	}
	s := Scope{Categories: allowedFor(cats, "", e.Deny, p), Shared: map[string][]string{}}
	recips := e.Recipients
	if len(recips) == 0 {
		for _, r := range p.Recipients {
			recips = append(recips, r.ID)
		}
	}
	for _, r := range recips {
		if c := allowedFor(cats, r, e.Deny, p); len(c) > 0 {
			s.Shared[r] = c
		}
	}
	return s
}

// allowedFor lists the categories of cats not denied for the recipient, in
// the purpose's category order.
func allowedFor(cats []string, recipient string, deny []Deny, p Purpose) []string {
	var out []string
	for _, c := range p.DataCategories {
		if !slices.Contains(cats, c) {
			continue
		}
		denied := slices.ContainsFunc(deny, func(d Deny) bool {
			return slices.Contains(d.Categories, c) && (len(d.Recipients) == 0 || slices.Contains(d.Recipients, recipient))
		})
		if !denied {
			out = append(out, c)
		}
	}
	return out
}

// Recipients returns the recipient ids of the scope in the purpose's order.
func (s Scope) Recipients(p Purpose) []string {
	var out []string
	for _, r := range p.Recipients {
		if _, ok := s.Shared[r.ID]; ok {
			out = append(out, r.ID)
		}
	}
	return out
}

// categoryLabels are the people-facing names of the data categories.
var categoryLabels = map[string]string{
	CatIdentity: "identity", CatContact: "contact details", CatDemographics: "demographics", CatInsurance: "insurance",
	CatBilling: "billing", CatClinical: "clinical notes", CatDiagnoses: "diagnoses", CatMedications: "medications",
	CatLabResults: "laboratory results", CatImaging: "imaging", CatPsychNotes: "psychotherapy notes",
	CatGenetics: "genetic data", CatSexualHealth: "sexual health",
}

// CategoryLabel returns the people-facing name of a data category.
func CategoryLabel(c string) string {
	if l, ok := categoryLabels[c]; ok {
		return l
	}
	return c
}

// CategoryLabels maps CategoryLabel over cs.
func CategoryLabels(cs []string) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = CategoryLabel(c)
	}
	return out
}
