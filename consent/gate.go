package consent

import (
	"fmt"
	"slices"
	"time"
)

// Exclusion says why a patient is left out of a research export.
type Exclusion struct {
	PatientID string
	Category  string // the data category that failed ("" for the purpose as a whole)
	Reason    string
	Code      ReasonCode // Reason as a code: count and word by it
	EventID   string     // deciding event or request id
}

// StudyCohort is the research-export gate: of the candidate patients, it
// returns those whose data of every listed category may go to the study's
// recipient ("" = the practice's own research) at the given time — an
// active consent for a consent-based study, no objection, no restriction —
// and, for the others, why not. The purpose must be a research purpose
// ("research:<study>"), else ErrInvalid. Candidates are processed in order;
// duplicates are ignored.
func (ix *Index) StudyCohort(purposeID, recipient string, candidates, categories []string, at time.Time) (included []string, excluded []Exclusion, err error) {
	p, ok := ix.cat.Purpose(purposeID)
	if !ok {
		return nil, nil, fmt.Errorf("study purpose %q: %w", purposeID, ErrNotFound)
	}
	if p.Kind != KindResearch {
		return nil, nil, fmt.Errorf("purpose %q is not a research purpose: %w", purposeID, ErrInvalid)
	}
	if len(categories) == 0 {
		categories = []string{""}
	}
	seen := make(map[string]bool, len(candidates))
	for _, pid := range candidates {
		if seen[pid] {
			continue
		}
		seen[pid] = true
		if x, ok := ix.exclusion(pid, purposeID, recipient, categories, at); ok {
			excluded = append(excluded, x)
			continue
		}
		included = append(included, pid)
	}
	return included, excluded, nil
}

func (ix *Index) exclusion(pid, purposeID, recipient string, categories []string, at time.Time) (Exclusion, bool) {
	for _, c := range categories {
		if d := ix.Allowed(pid, purposeID, recipient, c, at); !d.Allowed {
			return Exclusion{PatientID: pid, Category: c, Reason: d.Reason, Code: d.Code, EventID: d.EventID}, true
		}
	}
	return Exclusion{}, false
}

// Restricted lists the patients among ids under an Art. 18 restriction of
// every purpose at the given time (excluded from exports, read-only).
func (ix *Index) Restricted(ids []string, at time.Time) []string {
	var out []string
	for _, id := range ids {
		ps := ix.patients[id]
		if ps == nil {
			continue
		}
		if slices.ContainsFunc(ps.blocks, func(b Block) bool {
			return b.Kind == BlockRestriction && b.PurposeID == "" && len(b.Categories) == 0 && b.covers("", "", "", at)
		}) {
			out = append(out, id)
		}
	}
	return out
}
