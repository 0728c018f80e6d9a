package app

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"custodia/deid"
	"custodia/i18n"
)

// deidHTMLFuncs are the page's functions; the words come from the reader's
// language (deidWordFuncs), so the parsed template holds placeholders each
// render replaces.
var deidHTMLFuncs = template.FuncMap{
	"t": func(string, ...any) string { return "" }, "int": func(int) string { return "" },
	"pct": func(float64) string { return "" }, "f4": func(float64) string { return "" },
	"sig": func(float64) string { return "" }, "bytes": func(int64) string { return "" },
	"algorithm": func(string) string { return "" }, "metric": func(deid.Metric) string { return "" },
	"lossDomain": func(string) string { return "" }, "created": func(string) string { return "" },
	"format": func(deid.Format) string { return "" },
	"join":   strings.Join,
	"bar": func(classes int, hist []deid.Bin) int {
		top := 1
		for _, b := range hist {
			top = max(top, b.Classes)
		}
		return 2 + 98*classes/top
	},
}

func deidWordFuncs(loc *i18n.Localizer) template.FuncMap {
	return template.FuncMap{
		"t":          func(id string, pairs ...any) string { return loc.T(id, pairs...) },
		"int":        loc.Int,
		"pct":        func(share float64) string { return loc.Percent(share, 2) },
		"f4":         func(f float64) string { return loc.Float(f, 4) },
		"sig":        func(f float64) string { return DeidSignificant(loc, f, 6) },
		"bytes":      func(n int64) string { return loc.Int(int(n)) },
		"algorithm":  func(code string) string { return DeidAlgorithmText(loc, code) },
		"metric":     func(m deid.Metric) string { return DeidMetricText(loc, m) },
		"lossDomain": func(d string) string { return DeidLossDomainText(loc, d) },
		"created":    func(s string) string { return DeidCreated(loc, s) },
		"format":     DeidFormatText,
	}
}

var deidReportHTML = template.Must(template.New("report").Funcs(deidHTMLFuncs).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<title>{{t "deid.html.title"}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{background:#4a7bb7;height:.8em;display:inline-block}
code{font-size:.9em}
</style></head><body>
<h1>{{t "deid.html.title"}}</h1>
{{- with .R}}
<p>{{t "deid.html.summary" "Algorithm" (algorithm .Algorithm) "Models" $.Models}}{{if .Created}} {{t "deid.html.created" "Created" (created .Created)}}{{end}}</p>
<h2>{{t "deid.html.input"}}</h2>
<table>
{{- if .Input.File}}<tr><th>{{t "deid.html.file"}}</th><td>{{.Input.File}}</td></tr>
<tr><th>{{t "deid.html.size"}}</th><td>{{t "deid.html.bytes" "Bytes" (bytes .Input.Bytes)}}</td></tr>
<tr><th>SHA-256</th><td><code>{{.Input.SHA256}}</code></td></tr>{{end}}
<tr><th>{{t "deid.html.columns"}}</th><td>{{join .Input.Columns ", "}}</td></tr>
{{- range $c, $f := .Input.Hierarchies}}
<tr><th>{{t "deid.html.hierarchy" "Column" $c}}</th><td>{{$f.File}} <code>{{$f.SHA256}}</code></td></tr>{{end}}
</table>
<h2>{{t "deid.html.configuration"}}</h2>
<table>
<tr><th>{{t "deid.html.qi"}}</th><td>{{join .Configuration.QuasiIdentifiers ", "}}</td></tr>
{{- if .Configuration.Entity}}<tr><th>{{t "deid.html.entity"}}</th><td>{{t "deid.report.entityValue" "Column" .Configuration.Entity}}</td></tr>{{end}}
{{- if .Configuration.Sensitive}}<tr><th>{{t "deid.html.sensitive"}}</th><td>{{join .Configuration.Sensitive ", "}}</td></tr>{{end}}
{{- if .Configuration.Removed}}<tr><th>{{t "deid.html.removed"}}</th><td>{{join .Configuration.Removed ", "}}</td></tr>{{end}}
{{- if .Configuration.Pseudonymized}}<tr><th>{{t "deid.html.pseudonymized"}}</th><td>{{join .Configuration.Pseudonymized ", "}}</td></tr>{{end}}
{{- if .Configuration.DateShifted}}<tr><th>{{t "deid.html.dateShifted"}}</th><td>{{t "deid.html.dateShiftedValue" "Columns" (join .Configuration.DateShifted ", ") "Days" (int .Configuration.MaxShiftDays)}}</td></tr>{{end}}
{{- range $c, $k := .Configuration.SafeHarbor}}<tr><th>{{t "deid.html.safeHarbor" "Column" $c}}</th><td>{{$k}}</td></tr>{{end}}
<tr><th>{{t "deid.html.suppressionLimit"}}</th><td>{{pct .Configuration.SuppressionLimit}}</td></tr>
<tr><th>{{t "deid.html.metric"}}</th><td>{{metric .Configuration.Metric}}</td></tr>
</table>
<h2>{{t "deid.html.transformation"}}</h2>
{{- if .Transformation}}
<table><tr><th>{{t "deid.html.qiOne"}}</th><th>{{t "deid.html.level"}}</th><th>{{t "deid.html.height"}}</th></tr>
{{- range $q := .Configuration.QuasiIdentifiers}}
<tr><td>{{$q}}</td><td class="n">{{int (index $.R.Transformation $q)}}</td><td class="n">{{int (index $.R.Heights $q)}}</td></tr>{{end}}
</table>
{{- else}}
<p>{{t "deid.html.local"}}</p>
{{- end}}
<h2>{{t "deid.html.result"}}</h2>
<table>
<tr><th>{{t "deid.html.recordsIn"}}</th><td class="n">{{int .Records}}</td></tr>
<tr><th>{{t "deid.html.released"}}</th><td class="n">{{int .Released}}</td></tr>
<tr><th>{{t "deid.html.suppressed"}}</th><td class="n">{{int .Suppressed}} ({{pct $.SuppressedShare}})</td></tr>
<tr><th>{{t "deid.html.classes"}}</th><td class="n">{{int .Classes}}</td></tr>
</table>
<h2>{{t "deid.html.utility"}}</h2>
<table>
<tr><th>{{t "deid.metric.dm"}}</th><td class="n">{{sig .Metrics.Discernibility}}</td></tr>
<tr><th>{{t "deid.metric.aecs"}}</th><td class="n">{{sig .Metrics.AECS}}</td></tr>
<tr><th>{{t "deid.metric.precision"}}</th><td class="n">{{f4 .Metrics.Precision}}</td></tr>
<tr><th>{{t "deid.metric.entropy"}}</th><td class="n">{{sig .Metrics.Entropy}}</td></tr>
<tr><th>{{t "deid.metric.intensity"}}</th><td class="n">{{f4 .Metrics.Intensity}}</td></tr>
<tr><th>{{t "deid.metric.loss"}}</th><td class="n">{{f4 .Metrics.Loss}}</td></tr>
<tr><th>{{t "deid.html.lossDomain"}}</th><td>{{lossDomain .Metrics.LossDomain}}</td></tr>
</table>
<h2>{{t "deid.html.risk"}}</h2>
<table><tr><th></th><th>{{t "deid.html.before"}}</th><th>{{t "deid.html.after"}}</th></tr>
<tr><th>{{t "deid.html.prosecutorMax"}}</th><td class="n">{{f4 .Risk.Before.ProsecutorMax}}</td><td class="n">{{f4 .Risk.After.ProsecutorMax}}</td></tr>
<tr><th>{{t "deid.html.prosecutorAvg"}}</th><td class="n">{{f4 .Risk.Before.ProsecutorAvg}}</td><td class="n">{{f4 .Risk.After.ProsecutorAvg}}</td></tr>
<tr><th>{{t "deid.html.journalist"}}</th><td class="n">{{f4 .Risk.Before.Journalist}}</td><td class="n">{{f4 .Risk.After.Journalist}}</td></tr>
<tr><th>{{t "deid.html.marketer"}}</th><td class="n">{{f4 .Risk.Before.Marketer}}</td><td class="n">{{f4 .Risk.After.Marketer}}</td></tr>
<tr><th>{{t "deid.html.uniques"}}</th><td class="n">{{int .Risk.Before.SampleUniques}}</td><td class="n">{{int .Risk.After.SampleUniques}}</td></tr>
<tr><th>{{t "deid.html.classes"}}</th><td class="n">{{int .Risk.Before.Classes}}</td><td class="n">{{int .Risk.After.Classes}}</td></tr>
</table>
{{- with .Risk.After.Histogram}}
<h3>{{t "deid.html.histogram"}}</h3>
<table><tr><th>{{t "deid.html.size"}}</th><th>{{t "deid.html.classes"}}</th><th></th></tr>
{{- range .}}
<tr><td class="n">{{int .Size}}</td><td class="n">{{int .Classes}}</td><td><span class="bar" style="width:{{bar .Classes $.R.Risk.After.Histogram}}px"></span></td></tr>{{end}}
</table>
{{- end}}
{{- with .Output}}
<h2>{{t "deid.html.output"}}</h2>
<p>{{$.Output}}{{if .SHA256}}, SHA-256 <code>{{.SHA256}}</code>{{end}}</p>
{{- end}}
{{- end}}
</body></html>
`))

// deidPage is what the report page shows.
type deidPage struct {
	Lang, Models, Output string
	SuppressedShare      float64
	R                    *deid.Report
}

// WriteDeidReportHTML writes a de-identification report as a
// self-contained page in loc's language (every value escaped by
// html/template); models as for DeidReportText.
func WriteDeidReportHTML(loc *i18n.Localizer, w io.Writer, rep *deid.Report, models []deid.Model) error {
	t, err := deidReportHTML.Clone()
	if err != nil {
		return err
	}
	page := deidPage{Lang: loc.Lang(), Models: DeidModelsText(loc, rep, models), SuppressedShare: rep.SuppressedPct / 100, R: rep}
	if rep.Output != nil {
		page.Output = DeidOutputText(loc, rep.Output, "")
	}
	if err := t.Funcs(deidWordFuncs(loc)).Execute(w, page); err != nil {
		return fmt.Errorf("app: write the de-identification report page: %w", err)
	}
	return nil
}
