package research

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"custodia/deid/verify"
	"custodia/i18n"
)

// The one wording of a package's privacy claims and re-check, shared by
// the desktop's Research tab, the command line (custodiactl export) and
// report.html: each is worded from typed fields (verify.Check, Privacy),
// never from the engine's English names ("13-anonymity (rows)").

// CheckText is a re-check line, e.g. "Passed: every group holds at least
// 5 patients (5-anonymity) – 12 groups, the smallest with 5 patients, 0
// too small", in loc's language.
func CheckText(loc *i18n.Localizer, c verify.Check) string {
	claim, detail := ClaimText(loc, c)
	if detail == "" {
		return loc.T("research.check.line", "Result", CheckResult(loc, c.Passed), "Claim", claim)
	}
	return loc.T("research.check.lineDetail", "Result", CheckResult(loc, c.Passed), "Claim", claim, "Detail", detail)
}

// CheckResult is "Passed" or "Failed".
func CheckResult(loc *i18n.Localizer, passed bool) string {
	if passed {
		return loc.T("research.check.passed")
	}
	return loc.T("research.check.failed")
}

// ClaimText words a check's claim and what the file showed; a check
// without a typed claim (a report written before checks carried one) is
// named generically, with no detail.
func ClaimText(loc *i18n.Localizer, c verify.Check) (claim, detail string) {
	groups := countText(loc, "research.check.groups", c.Classes)
	failing := loc.Int(c.Failing)
	switch c.Claim {
	case verify.ClaimK:
		k := loc.Int(int(c.Value))
		if c.ByEntity {
			return loc.T("research.check.kPatients", "K", k),
				loc.T("research.check.kPatientsDetail", "Groups", groups, "Smallest", countText(loc, "research.patients", int(c.Worst)), "Failing", failing)
		}
		return loc.T("research.check.kRows", "K", k),
			loc.T("research.check.kRowsDetail", "Groups", groups, "Smallest", countText(loc, "research.check.rows", int(c.Worst)), "Failing", failing)
	case verify.ClaimDistinctL:
		return loc.T("research.check.distinctL", "L", Bound(loc, c.Value)),
			loc.T("research.check.distinctLDetail", "Groups", groups, "Fewest", loc.Int(int(c.Worst)), "Failing", failing)
	case verify.ClaimEntropyL:
		return loc.T("research.check.entropyL", "L", Bound(loc, c.Value)),
			loc.T("research.check.entropyLDetail", "Groups", groups, "Lowest", loc.Float(c.Worst, 2), "Failing", failing)
	case verify.ClaimT:
		id := "research.check.tEqual"
		if c.Ordered {
			id = "research.check.tOrdered"
		}
		return loc.T(id, "T", Bound(loc, c.Value)),
			loc.T("research.check.tDetail", "Groups", groups, "Largest", loc.Float(c.Worst, 3), "Failing", failing)
	}
	return loc.T("research.check.unknown"), ""
}

// ModelTexts words a study's privacy model, one line per model it asks
// for ("5-anonymity, counted per patient", "l-diversity …").
func ModelTexts(loc *i18n.Localizer, p Privacy, perPatient bool) []string {
	k := "research2.model.kRows"
	if perPatient {
		k = "research2.model.kPatients"
	}
	out := []string{loc.T(k, "K", loc.Int(p.K))}
	if p.L > 1 {
		switch p.LVariant {
		case "entropy":
			out = append(out, loc.T("research2.model.lEntropy", "L", Bound(loc, p.L)))
		case "recursive":
			out = append(out, loc.T("research2.model.lRecursive", "L", Bound(loc, p.L), "C", Bound(loc, p.C)))
		default:
			out = append(out, loc.T("research2.model.lDistinct", "L", Bound(loc, p.L)))
		}
	}
	if p.T > 0 {
		out = append(out, loc.T("research2.model.t", "T", Bound(loc, p.T)))
	}
	if p.AverageRisk > 0 {
		out = append(out, loc.T("research2.model.averageRisk", "Risk", loc.Percent(p.AverageRisk, 1)))
	}
	return out
}

// reasonCodes are the gate's exclusion reasons that have words.
var reasonCodes = []string{ExclErased, ExclRestriction, ExclObjection, ExclNoConsent, ExclWithdrawn,
	ExclRefused, ExclExpired, ExclReconsent, ExclDeny, ExclNotCovered}

// ReasonText labels a gate exclusion reason ("no-consent" → "No consent
// recorded"); a reason this version has no words for gets the generic
// label, never its code.
func ReasonText(loc *i18n.Localizer, code string) string {
	if slices.Contains(reasonCodes, code) {
		return loc.T("research.reason." + code)
	}
	return loc.T("research.reason.other")
}

// ReasonShortText is the short label of a reason for a chart's axis.
func ReasonShortText(loc *i18n.Localizer, code string) string {
	if slices.Contains(reasonCodes, code) {
		return loc.T("research.reasonShort." + code)
	}
	return loc.T("research.reasonShort.other")
}

// AlgorithmText and MetricText label the search's algorithm and metric
// codes; an unknown code is shown as it is (it is the engine's name).
func AlgorithmText(loc *i18n.Localizer, code string) string {
	return orCode(loc, "research.algorithm."+code, code)
}

// MetricText labels a utility metric code ("loss" → "Information loss").
func MetricText(loc *i18n.Localizer, code string) string {
	return orCode(loc, "research.metric."+code, code)
}

// LevelText is "One row per patient" or "One row per visit".
func LevelText(loc *i18n.Localizer, level string) string {
	return orCode(loc, "research.level."+level, level)
}

func orCode(loc *i18n.Localizer, id, code string) string {
	if code != "" && loc.Has(id) {
		return loc.T(id)
	}
	return code
}

// categoryPseudonym is the codebook's category of the pseudonym column.
const categoryPseudonym = "identifier (pseudonymised)"

// CategoryText labels a consent data category of the export
// ("lab-results" → "laboratory results").
func CategoryText(loc *i18n.Localizer, code string) string {
	if code == categoryPseudonym {
		return loc.T("research2.category.pseudonym")
	}
	return orCode(loc, "research2.category."+code, code)
}

// ChartTexts are the words of the report's three charts in loc's
// language: exclusions by reason, group sizes, risk before and after.
func ChartTexts(loc *i18n.Localizer) (exclusions, classes, risk ChartWords) {
	exclusions = ChartWords{Title: loc.T("research.chart.exclusionsTitle"), X: loc.T("research.chart.reason"), Y: loc.T("research.chart.patients"),
		Series: []string{loc.T("research.chart.patients")}, Labels: []string{loc.T("research.chart.none")}}
	classes = ChartWords{Title: loc.T("research.chart.classesTitle"), X: loc.T("research.chart.classSize"), Y: loc.T("research.chart.classes"),
		Series: []string{loc.T("research.chart.classes")}}
	risk = ChartWords{Title: loc.T("research.chart.riskTitle"), Y: loc.T("research.chart.riskAxis"),
		Series: []string{loc.T("research.chart.before"), loc.T("research.chart.after")},
		Labels: []string{loc.T("research.chart.prosecutorMax"), loc.T("research.chart.prosecutorAvg"), loc.T("research.chart.journalistMax"), loc.T("research.chart.marketer")}}
	return exclusions, classes, risk
}

func countText(loc *i18n.Localizer, id string, n int) string {
	return loc.N(id, n, "N", loc.Int(n))
}

// Bound formats a claimed k, l or t: whole numbers without decimals,
// others with as many as they need (up to three).
func Bound(loc *i18n.Localizer, f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e9 {
		return loc.Int(int(f))
	}
	s := strconv.FormatFloat(f, 'f', 3, 64)
	prec := 3 - (len(s) - len(strings.TrimRight(s, "0")))
	return loc.Float(f, prec)
}
