package research

import (
	"maps"
	"slices"
	"time"

	"custodia/consent"
)

// Exclusion reasons counted in reports (never with identities).
const (
	ExclErased      = "erased"
	ExclNoConsent   = "no-consent"
	ExclWithdrawn   = "withdrawn"
	ExclDeny        = "deny-exception"
	ExclObjection   = "objection"
	ExclRestriction = "restriction"
	ExclExpired     = "expired"
	ExclReconsent   = "re-consent-needed"
	ExclRefused     = "refused"
	ExclNotCovered  = "not-covered"
	ExclOther       = "other"
)

// exclusionOf maps a consent decision onto an exclusion reason by its
// typed code (consent.Decision.Code, with Block for objections and
// restrictions), never by its text.
func exclusionOf(d consent.Decision) string {
	switch d.Block {
	case consent.BlockObjection:
		return ExclObjection
	case consent.BlockRestriction:
		return ExclRestriction
	case consent.BlockErasure:
		return ExclErased
	}
	return codeExclusions[d.Code] // "" for a code the gate does not know
}

var codeExclusions = map[consent.ReasonCode]string{
	consent.ReasonNoConsent:           ExclNoConsent,
	consent.ReasonNotYetGiven:         ExclNoConsent,
	consent.ReasonWithdrawn:           ExclWithdrawn,
	consent.ReasonRefused:             ExclRefused,
	consent.ReasonExpired:             ExclExpired,
	consent.ReasonReconsent:           ExclReconsent,
	consent.ReasonRecipientNotCovered: ExclNotCovered,
	consent.ReasonCategoryNotCovered:  ExclNotCovered,
	consent.ReasonDenyException:       ExclDeny,
	consent.ReasonRestricted:          ExclRestriction,
	consent.ReasonObjected:            ExclObjection,
	consent.ReasonErasedCode:          ExclErased,
}

func reasonCode(d consent.Decision) string {
	if c := exclusionOf(d); c != "" {
		return c
	}
	return ExclOther
}

// Gate is the outcome of the consent gate: the included patients (input
// order) and the excluded ones counted by reason.
type Gate struct {
	Included []string
	Excluded map[string]int
	// excludedIDs never leaves the package: tests check no output holds them.
	excludedIDs []string
}

// ExcludedTotal is the number of excluded patients.
func (g *Gate) ExcludedTotal() int {
	n := 0
	for _, v := range g.Excluded {
		n += v
	}
	return n
}

// Reasons lists the exclusion reasons that occurred, sorted.
func (g *Gate) Reasons() []string { return slices.Sorted(maps.Keys(g.Excluded)) }

// RunGate decides, for every candidate and every exported category, whether
// the study may receive the patient's data at the given time: one bulk
// decision (AllowedPatients) per category, then the reasons of the
// excluded (AllowedMany, first failing category in sorted order). Erased
// and restricted records are excluded before the ledger is asked.
func RunGate(ix *consent.Index, s *Study, candidates []*Patient, at time.Time) *Gate {
	g := &Gate{Excluded: map[string]int{}}
	var ids []string
	for _, p := range candidates {
		if p.Erased || p.Restricted {
			reason := ExclErased
			if !p.Erased {
				reason = ExclRestriction
			}
			g.Excluded[reason]++
			g.excludedIDs = append(g.excludedIDs, p.ID)
			continue
		}
		ids = append(ids, p.ID)
	}
	cats := s.Categories()
	keep := ids
	for _, c := range cats {
		keep = ix.AllowedPatients(keep, query(s, c, at))
	}
	in := make(map[string]bool, len(keep))
	for _, id := range keep {
		in[id] = true
	}
	var out []string
	for _, id := range ids {
		if !in[id] {
			out = append(out, id)
		}
	}
	g.Included = keep
	g.excludedIDs = append(g.excludedIDs, out...)
	for _, c := range cats {
		if len(out) == 0 {
			break
		}
		ds := ix.AllowedMany(out, query(s, c, at))
		var still []string
		for i, d := range ds {
			if d.Allowed {
				still = append(still, out[i])
				continue
			}
			g.Excluded[reasonCode(d)]++
		}
		out = still
	}
	if len(out) > 0 { // cannot happen: AllowedPatients and AllowedMany decide alike
		g.Excluded[ExclOther] += len(out)
	}
	return g
}

func query(s *Study, category string, at time.Time) consent.Query {
	return consent.Query{PurposeID: s.Purpose, Recipient: s.Recipient.ID, Category: category, At: at}
}
