package app

import (
	"strings"
	"unicode/utf8"

	"custodia/deid"
	"custodia/i18n"
)

// DeidReportText is the text summary of a de-identification report in
// loc's language, as custodiactl anonymize prints it and writes it to a
// .txt report: the input, the models, the transformation, the records
// released and suppressed, the utility metrics, the risk before and after
// and the output. Numbers are in the reader's format (30.162 and 0,97 %
// in German). models are the typed models the run used (DeidModelsText;
// nil: the report's notation). outputPath names the written dataset as the
// user gave it; "" uses the report's base name, and a report without an
// output has no output line. The JSON report stays the machine format.
func DeidReportText(loc *i18n.Localizer, rep *deid.Report, models []deid.Model, outputPath string) string {
	var rows [][2]string
	add := func(id, value string) { rows = append(rows, [2]string{loc.T(id), value}) }
	if rep.Input.File != "" {
		add("deid.report.input", loc.T("deid.report.inputValue", "File", rep.Input.File,
			"Bytes", loc.Int(int(rep.Input.Bytes)), "SHA256", rep.Input.SHA256))
	}
	add("deid.report.models", DeidModelsText(loc, rep, models))
	c := rep.Configuration
	add("deid.report.qi", strings.Join(c.QuasiIdentifiers, ", "))
	if c.Entity != "" {
		add("deid.report.entity", loc.T("deid.report.entityValue", "Column", c.Entity))
	}
	if len(c.Sensitive) > 0 {
		add("deid.report.sensitive", strings.Join(c.Sensitive, ", "))
	}
	add("deid.report.transformation", deidTransformation(loc, rep))
	add("deid.report.records", loc.T("deid.report.recordsValue", "In", loc.Int(rep.Records),
		"Released", loc.Int(rep.Released), "Suppressed", loc.Int(rep.Suppressed),
		"Share", loc.Float(rep.SuppressedPct, 2)+" %", "Limit", loc.Percent(c.SuppressionLimit, 2)))
	add("deid.report.classes", loc.Int(rep.Classes))
	m := rep.Metrics
	add("deid.report.metrics", loc.T("deid.report.metricsValue", "DM", loc.Float(m.Discernibility, 0),
		"AECS", DeidSignificant(loc, m.AECS, 4), "Precision", loc.Float(m.Precision, 4),
		"Entropy", DeidSignificant(loc, m.Entropy, 4), "Loss", loc.Float(m.Loss, 4)))
	if m.LossDomain != "" {
		add("deid.report.lossDomain", DeidLossDomainText(loc, m.LossDomain))
	}
	add("deid.report.riskBefore", deidRisk(loc, rep.Risk.Before))
	add("deid.report.riskAfter", deidRisk(loc, rep.Risk.After))
	if o := rep.Output; o != nil {
		add("deid.report.output", DeidOutputText(loc, o, outputPath))
	}
	var b strings.Builder
	b.WriteString(loc.T("deid.report.title", "Algorithm", DeidAlgorithmText(loc, rep.Algorithm)) + "\n")
	writeRows(&b, rows)
	return b.String()
}

// DeidOutputText words the written dataset: its name (path, or the
// report's base name when path is ""), records, format and, when
// encrypted, for how many recipients.
func DeidOutputText(loc *i18n.Localizer, o *deid.ReportOutput, path string) string {
	if path == "" {
		path = o.File
	}
	if o.Recipients > 0 {
		return loc.N("deid.report.outputEncrypted", o.Recipients, "File", path, "Records", loc.Int(o.Records),
			"Format", DeidFormatText(o.Format), "Recipients", loc.Int(o.Recipients))
	}
	return loc.T("deid.report.outputValue", "File", path, "Records", loc.Int(o.Records), "Format", DeidFormatText(o.Format))
}

// deidTransformation words the level of each quasi-identifier, or local
// recoding.
func deidTransformation(loc *i18n.Localizer, rep *deid.Report) string {
	if len(rep.Transformation) == 0 {
		return loc.T("deid.report.local")
	}
	parts := make([]string, 0, len(rep.Configuration.QuasiIdentifiers))
	for _, q := range rep.Configuration.QuasiIdentifiers {
		parts = append(parts, loc.T("deid.report.level", "Column", q,
			"Level", loc.Int(rep.Transformation[q]), "Height", loc.Int(rep.Heights[q])))
	}
	return strings.Join(parts, ", ")
}

func deidRisk(loc *i18n.Localizer, k deid.ReportRisk) string {
	return loc.T("deid.report.riskValue", "ProsecutorMax", loc.Float(k.ProsecutorMax, 4),
		"ProsecutorAvg", loc.Float(k.ProsecutorAvg, 4), "Journalist", loc.Float(k.Journalist, 4),
		"Marketer", loc.Float(k.Marketer, 4), "Uniques", loc.Int(k.SampleUniques))
}

// writeRows writes "label: value" lines with the values aligned after the
// longest label.
func writeRows(b *strings.Builder, rows [][2]string) {
	width := 0
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r[0]))
	}
	for _, r := range rows {
		b.WriteString(r[0] + ":" + strings.Repeat(" ", width-utf8.RuneCountInString(r[0])+1) + r[1] + "\n")
	}
}
