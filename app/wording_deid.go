package app

import (
	"math"
	"strconv"
	"strings"
	"time"

	"custodia/deid"
	"custodia/i18n"
)

// DeidModelText words one privacy model of the de-identification engine
// for people: "5-Anonymität", "distinkte 2-Diversität von diagnosis". A
// model this version has no words for keeps the engine's notation.
func DeidModelText(loc *i18n.Localizer, m deid.Model) string {
	switch m := m.(type) {
	case deid.KAnonymity:
		return loc.T("deid.model.k", "K", loc.Int(m.K))
	case deid.DistinctLDiversity:
		return loc.T("deid.model.lDistinct", "L", loc.Int(m.L), "Column", m.Attribute)
	case deid.EntropyLDiversity:
		return loc.T("deid.model.lEntropy", "L", DeidNumber(loc, m.L), "Column", m.Attribute)
	case deid.RecursiveCLDiversity:
		return loc.T("deid.model.lRecursive", "C", DeidNumber(loc, m.C), "L", loc.Int(m.L), "Column", m.Attribute)
	case deid.TCloseness:
		return loc.T("deid.model.t", "T", DeidNumber(loc, m.T), "Column", m.Attribute, "Distance", deidDistance(loc, m.Distance))
	case deid.AverageRisk:
		return loc.T("deid.model.averageRisk", "Risk", DeidNumber(loc, m.Threshold))
	case nil:
		return ""
	}
	return m.String()
}

func deidDistance(loc *i18n.Localizer, d deid.Distance) string {
	switch d {
	case deid.OrderedDistance:
		return loc.T("deid.distance.ordered")
	case deid.HierarchicalDistance:
		return loc.T("deid.distance.hierarchical")
	}
	return loc.T("deid.distance.equal")
}

// DeidModelsText lists the privacy models of a report: worded from the
// typed models the run used when they match the report's (models may be
// nil, as for a report read back from its JSON), else in the engine's
// notation; "none (pseudonymised only: still personal data)" when the run
// applied none.
func DeidModelsText(loc *i18n.Localizer, rep *deid.Report, models []deid.Model) string {
	if len(rep.Models) == 0 {
		return loc.T("deid.report.modelsNone")
	}
	if len(models) != len(rep.Models) {
		return strings.Join(rep.Models, ", ")
	}
	parts := make([]string, len(models))
	for i, m := range models {
		parts[i] = DeidModelText(loc, m)
		if m == nil || m.String() != rep.Models[i] {
			parts[i] = rep.Models[i]
		}
	}
	return strings.Join(parts, ", ")
}

// DeidAlgorithmText names an anonymisation algorithm of the report
// ("optimal", "mondrian", "none") for people; an unknown code stays.
func DeidAlgorithmText(loc *i18n.Localizer, code string) string {
	switch code {
	case "optimal":
		return loc.T("deid.algorithm.optimal")
	case "mondrian":
		return loc.T("deid.algorithm.mondrian")
	case "none":
		return loc.T("deid.algorithm.none")
	}
	return code
}

// DeidMetricText names a utility metric code for people.
func DeidMetricText(loc *i18n.Localizer, m deid.Metric) string {
	switch m {
	case deid.MetricDM:
		return loc.T("deid.metric.dm")
	case deid.MetricAECS:
		return loc.T("deid.metric.aecs")
	case deid.MetricPrecision:
		return loc.T("deid.metric.precision")
	case deid.MetricEntropy:
		return loc.T("deid.metric.entropy")
	case deid.MetricIntensity:
		return loc.T("deid.metric.intensity")
	case deid.MetricLoss:
		return loc.T("deid.metric.loss")
	}
	return string(m)
}

// deidFormatNames are the output formats' proper names.
var deidFormatNames = map[deid.Format]string{
	deid.FormatCSV: "CSV", deid.FormatJSONL: "JSON Lines", deid.FormatJSON: "JSON", deid.FormatParquet: "Parquet",
}

// DeidFormatText names an output format ("CSV", "Parquet").
func DeidFormatText(f deid.Format) string {
	if n, ok := deidFormatNames[f]; ok {
		return n
	}
	return string(f)
}

// DeidLossDomainText words what the loss metric counts as a domain.
func DeidLossDomainText(loc *i18n.Localizer, domain string) string {
	if domain == deid.LossDomainHierarchy {
		return loc.T("deid.report.lossDomainHierarchy")
	}
	return domain
}

// DeidNumber writes a parameter such as l = 2, c = 1.5 or t = 0.2 with
// as many decimals as it has, in the reader's format (0,2 in German).
func DeidNumber(loc *i18n.Localizer, f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	_, frac, _ := strings.Cut(s, ".")
	return loc.Float(f, len(frac))
}

// DeidSignificant writes f with about digits significant digits and no
// exponent and no trailing zeros, in the reader's format: 450.2, 5,
// 122,516 (the whole part is never cut).
func DeidSignificant(loc *i18n.Localizer, f float64, digits int) string {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return loc.Float(f, 0)
	}
	mag := int(math.Floor(math.Log10(math.Abs(f))))
	s := strconv.FormatFloat(f, 'f', max(0, digits-1-mag), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	_, frac, _ := strings.Cut(s, ".")
	return loc.Float(f, len(frac))
}

// DeidCreated words the report's creation stamp (RFC 3339, UTC); "" when
// the report has none, the stamp itself when it does not parse.
func DeidCreated(loc *i18n.Localizer, created string) string {
	if created == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339, created)
	if err != nil {
		return created
	}
	return loc.DateTime(t.UTC()) + " UTC"
}
