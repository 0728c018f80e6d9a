package research

import (
	"slices"

	"custodia/consent"
	"custodia/deid"
	"custodia/i18n"
	core "custodia/research"
)

// Gate reasons in the order they are shown (the gate's own order: the
// record's flags first, then the consent ledger's answers).
var reasonOrder = []string{
	core.ExclErased, core.ExclRestriction, core.ExclObjection, core.ExclNoConsent, core.ExclWithdrawn,
	core.ExclRefused, core.ExclExpired, core.ExclReconsent, core.ExclDeny, core.ExclNotCovered, core.ExclOther,
}

// knownLOINC are the observations the demo vault and most practices
// record; others are labelled by their code.
var knownLOINC = []string{"4548-4", "29463-7", "39156-5", "8480-6", "8462-4", "2093-3", "2345-7"}

// labels turns codes into words people read.
type labels struct{ loc *i18n.Localizer }

// reason labels a gate exclusion reason ("no-consent" → "No consent recorded").
func (l labels) reason(code string) string { return core.ReasonText(l.loc, code) }

// reasonShort is the short label of a reason for a chart's axis.
func (l labels) reasonShort(code string) string { return core.ReasonShortText(l.loc, code) }

// exclusions merges excluded by reason into the display order (unknown
// codes count as "other") and returns the codes with a count.
func exclusions(excluded map[string]int) ([]string, map[string]int) {
	merged := map[string]int{}
	for r, n := range excluded {
		if !slices.Contains(reasonOrder, r) {
			r = core.ExclOther
		}
		merged[r] += n
	}
	var codes []string
	for _, r := range reasonOrder {
		if merged[r] > 0 {
			codes = append(codes, r)
		}
	}
	return codes, merged
}

// role labels a column role.
func (l labels) role(role string) string { return l.loc.T("research.role." + role) }

// roles lists the roles a column may take.
func roles(column string) []string {
	if column == core.SrcPatient {
		return []string{core.RoleIdentifying}
	}
	return []string{core.RoleQuasi, core.RoleSensitive, core.RoleInsensitive}
}

// treatment labels the treatment of the patient id.
func (l labels) treatment(t string) string { return l.loc.T("research.treatment." + t) }

// metric labels a utility metric.
func (l labels) metric(m string) string { return l.loc.T("research.metric." + m) }

// metrics lists the metrics in the engine's order.
func metrics() []string {
	var out []string
	for _, m := range deid.Metrics() {
		out = append(out, string(m))
	}
	return out
}

// algorithm labels a search algorithm.
func (l labels) algorithm(a string) string { return l.loc.T("research.algorithm." + a) }

// lVariant labels an l-diversity variant.
func (l labels) lVariant(v string) string {
	if v == "" {
		v = core.LDistinct
	}
	return l.loc.T("research.lvariant." + v)
}

// level labels the row level.
func (l labels) level(v string) string { return l.loc.T("research.level." + v) }

// purposeName is a research purpose's name (purposeNamed): never the
// purpose's code.
func (v *View) purposeName(id string) string { return v.purposeNamed(id, "") }

// purposeNamed words a purpose by the catalogue, else by the name a
// report stored, else by its shipped label: a researcher may not read the
// catalogue, yet sees which purpose a study serves ("Research: regional
// patient registry"), not the bare word "research purpose".
func (v *View) purposeNamed(id, stored string) string {
	if v.cat != nil {
		if p, ok := v.cat.Purpose(id); ok && p.Name != "" {
			return v.loc.Translate("purpose", p.ID, p.Name)
		}
	}
	if stored != "" {
		return v.loc.Translate("purpose", id, stored)
	}
	return v.loc.Label("purpose", id, v.loc.T("research.purposeUnknown"))
}

// researchPurposes lists the catalogue's research purposes that accept
// new grants.
func researchPurposes(cat *consent.Catalogue) []consent.Purpose {
	if cat == nil {
		return nil
	}
	var out []consent.Purpose
	for _, p := range cat.Purposes() {
		if p.Kind == consent.KindResearch && !p.Retired {
			out = append(out, p)
		}
	}
	return out
}

// pick returns the code whose label is shown, or "".
func pick(codes []string, label func(string) string, shown string) string {
	for _, c := range codes {
		if label(c) == shown {
			return c
		}
	}
	return ""
}

// labelsOf maps codes to their labels.
func labelsOf(codes []string, label func(string) string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = label(c)
	}
	return out
}

// patients is "1 patient", "1,234 patients" (the count formatted for the language).
func (v *View) patients(n int) string { return v.count("research.patients", n) }

// count fills a plural message with its count formatted for the language.
func (v *View) count(id string, n int) string { return v.loc.N(id, n, "N", v.loc.Int(n)) }
