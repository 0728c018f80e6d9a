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

// reasonCodes maps consent.Decision reasons onto exclusion reasons. The
// consent package gives reasons as text only; TestReasonCodesCoverGate
// fails if one of these stops occurring on its random ledgers.
var reasonCodes = map[string]string{
	"no consent recorded for this purpose":    ExclNoConsent,
	"consent not yet given at that time":      ExclNoConsent,
	"consent withdrawn":                       ExclWithdrawn,
	"consent refused":                         ExclRefused,
	"consent expired":                         ExclExpired,
	"consent expired (validity period ended)": ExclExpired,
	"consent text superseded by a material change: re-consent needed": ExclReconsent,
	"recipient not covered by the consent":                            ExclNotCovered,
	"category not covered by the consent":                             ExclNotCovered,
	"deny exception for this category":                                ExclDeny,
	"processing restricted (GDPR Art. 18)":                            ExclRestriction,
	"patient objected (GDPR Art. 21)":                                 ExclObjection,
}

func reasonCode(reason string) string {
	if c, ok := reasonCodes[reason]; ok {
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
			g.Excluded[reasonCode(d.Reason)]++
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
