package deid

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// WriteText writes a plain-text summary of the report.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "De-identification report (%s)\n", r.Algorithm)
	if r.Input.File != "" {
		fmt.Fprintf(&b, "input:          %s (%d bytes, sha256 %s)\n", r.Input.File, r.Input.Bytes, r.Input.SHA256)
	}
	fmt.Fprintf(&b, "models:         %s\n", r.ModelsText())
	fmt.Fprintf(&b, "quasi-ids:      %s\n", strings.Join(r.Configuration.QuasiIdentifiers, ", "))
	if r.Configuration.Entity != "" {
		fmt.Fprintf(&b, "patients:       %s (k counts patients; whole patients suppressed)\n", r.Configuration.Entity)
	}
	if len(r.Configuration.Sensitive) > 0 {
		fmt.Fprintf(&b, "sensitive:      %s\n", strings.Join(r.Configuration.Sensitive, ", "))
	}
	if len(r.Transformation) > 0 {
		var parts []string
		for _, q := range r.Configuration.QuasiIdentifiers {
			parts = append(parts, fmt.Sprintf("%s=%d/%d", q, r.Transformation[q], r.Heights[q]))
		}
		fmt.Fprintf(&b, "transformation: %s\n", strings.Join(parts, " "))
	} else {
		fmt.Fprintf(&b, "transformation: local recoding (cells differ per class)\n")
	}
	fmt.Fprintf(&b, "records:        %d in, %d released, %d suppressed (%.2f%%, limit %.2f%%)\n",
		r.Records, r.Released, r.Suppressed, r.SuppressedPct, 100*r.Configuration.SuppressionLimit)
	fmt.Fprintf(&b, "classes:        %d\n", r.Classes)
	m := r.Metrics
	fmt.Fprintf(&b, "metrics:        discernibility %.0f, aecs %.4g, precision %.4f, entropy %.4g, loss %.4f\n",
		m.Discernibility, m.AECS, m.Precision, m.Entropy, m.Loss)
	if m.LossDomain != "" {
		fmt.Fprintf(&b, "loss domain:    %s\n", m.LossDomain)
	}
	for _, x := range []struct {
		name string
		k    ReportRisk
	}{{"risk before", r.Risk.Before}, {"risk after", r.Risk.After}} {
		fmt.Fprintf(&b, "%-15s prosecutor max %.4f avg %.4f, journalist %.4f, marketer %.4f, sample uniques %d\n",
			x.name+":", x.k.ProsecutorMax, x.k.ProsecutorAvg, x.k.Journalist, x.k.Marketer, x.k.SampleUniques)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var reportHTML = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":  func(f float64) string { return fmt.Sprintf("%.2f %%", 100*f) },
	"f4":   func(f float64) string { return fmt.Sprintf("%.4f", f) },
	"g":    func(f float64) string { return fmt.Sprintf("%.6g", f) },
	"join": strings.Join,
	"bar": func(classes int, hist []Bin) int {
		top := 1
		for _, b := range hist {
			top = max(top, b.Classes)
		}
		return 2 + 98*classes/top
	},
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>De-identification report</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{background:#4a7bb7;height:.8em;display:inline-block}
code{font-size:.9em}
</style></head><body>
<h1>De-identification report</h1>
<p>Algorithm <b>{{.Algorithm}}</b>; models <b>{{.ModelsText}}</b>.{{if .Created}} Created {{.Created}}.{{end}}</p>
<h2>Input</h2>
<table>
{{- if .Input.File}}<tr><th>File</th><td>{{.Input.File}}</td></tr>
<tr><th>Size</th><td>{{.Input.Bytes}} bytes</td></tr>
<tr><th>SHA-256</th><td><code>{{.Input.SHA256}}</code></td></tr>{{end}}
<tr><th>Columns</th><td>{{join .Input.Columns ", "}}</td></tr>
{{- range $c, $f := .Input.Hierarchies}}
<tr><th>Hierarchy {{$c}}</th><td>{{$f.File}} <code>{{$f.SHA256}}</code></td></tr>{{end}}
</table>
<h2>Configuration</h2>
<table>
<tr><th>Quasi-identifiers</th><td>{{join .Configuration.QuasiIdentifiers ", "}}</td></tr>
{{- if .Configuration.Entity}}<tr><th>Patient column</th><td>{{.Configuration.Entity}} (k counts patients; whole patients suppressed)</td></tr>{{end}}
{{- if .Configuration.Sensitive}}<tr><th>Sensitive</th><td>{{join .Configuration.Sensitive ", "}}</td></tr>{{end}}
{{- if .Configuration.Removed}}<tr><th>Removed</th><td>{{join .Configuration.Removed ", "}}</td></tr>{{end}}
{{- if .Configuration.Pseudonymized}}<tr><th>Pseudonymised</th><td>{{join .Configuration.Pseudonymized ", "}}</td></tr>{{end}}
{{- range $c, $k := .Configuration.SafeHarbor}}<tr><th>Safe Harbor {{$c}}</th><td>{{$k}}</td></tr>{{end}}
<tr><th>Suppression limit</th><td>{{pct .Configuration.SuppressionLimit}}</td></tr>
<tr><th>Metric</th><td>{{.Configuration.Metric}}</td></tr>
</table>
<h2>Transformation</h2>
{{- if .Transformation}}
<table><tr><th>Quasi-identifier</th><th>Level</th><th>Height</th></tr>
{{- range $q := .Configuration.QuasiIdentifiers}}
<tr><td>{{$q}}</td><td class="n">{{index $.Transformation $q}}</td><td class="n">{{index $.Heights $q}}</td></tr>{{end}}
</table>
{{- else}}
<p>Local recoding: each equivalence class has its own ranges or value sets.</p>
{{- end}}
<h2>Result</h2>
<table>
<tr><th>Records in</th><td class="n">{{.Records}}</td></tr>
<tr><th>Released</th><td class="n">{{.Released}}</td></tr>
<tr><th>Suppressed</th><td class="n">{{.Suppressed}} ({{printf "%.2f" .SuppressedPct}} %)</td></tr>
<tr><th>Equivalence classes</th><td class="n">{{.Classes}}</td></tr>
</table>
<h2>Utility</h2>
<table>
<tr><th>Discernibility</th><td class="n">{{g .Metrics.Discernibility}}</td></tr>
<tr><th>Average class size</th><td class="n">{{g .Metrics.AECS}}</td></tr>
<tr><th>Precision</th><td class="n">{{f4 .Metrics.Precision}}</td></tr>
<tr><th>Non-uniform entropy</th><td class="n">{{g .Metrics.Entropy}}</td></tr>
<tr><th>Generalisation intensity</th><td class="n">{{f4 .Metrics.Intensity}}</td></tr>
<tr><th>Loss</th><td class="n">{{f4 .Metrics.Loss}}</td></tr>
<tr><th>Loss domain</th><td>{{.Metrics.LossDomain}}</td></tr>
</table>
<h2>Re-identification risk</h2>
<table><tr><th></th><th>Before</th><th>After</th></tr>
<tr><th>Prosecutor (highest)</th><td class="n">{{f4 .Risk.Before.ProsecutorMax}}</td><td class="n">{{f4 .Risk.After.ProsecutorMax}}</td></tr>
<tr><th>Prosecutor (average)</th><td class="n">{{f4 .Risk.Before.ProsecutorAvg}}</td><td class="n">{{f4 .Risk.After.ProsecutorAvg}}</td></tr>
<tr><th>Journalist</th><td class="n">{{f4 .Risk.Before.Journalist}}</td><td class="n">{{f4 .Risk.After.Journalist}}</td></tr>
<tr><th>Marketer</th><td class="n">{{f4 .Risk.Before.Marketer}}</td><td class="n">{{f4 .Risk.After.Marketer}}</td></tr>
<tr><th>Sample uniques</th><td class="n">{{.Risk.Before.SampleUniques}}</td><td class="n">{{.Risk.After.SampleUniques}}</td></tr>
<tr><th>Classes</th><td class="n">{{.Risk.Before.Classes}}</td><td class="n">{{.Risk.After.Classes}}</td></tr>
</table>
{{- with .Risk.After.Histogram}}
<h3>Class sizes after</h3>
<table><tr><th>Size</th><th>Classes</th><th></th></tr>
{{- range .}}
<tr><td class="n">{{.Size}}</td><td class="n">{{.Classes}}</td><td><span class="bar" style="width:{{bar .Classes $.Risk.After.Histogram}}px"></span></td></tr>{{end}}
</table>
{{- end}}
{{- with .Output}}
<h2>Output</h2>
<p>{{.File}} ({{.Format}}, {{.Records}} records{{if .SHA256}}, SHA-256 <code>{{.SHA256}}</code>{{end}})</p>
{{- end}}
</body></html>
`))

// ModelsText lists the privacy models, or says that none was applied.
func (r *Report) ModelsText() string {
	if len(r.Models) == 0 {
		return "none (pseudonymised only: still personal data)"
	}
	return strings.Join(r.Models, ", ")
}

// WriteHTML writes the report as a self-contained HTML page; every value
// is escaped by html/template.
func (r *Report) WriteHTML(w io.Writer) error {
	if err := reportHTML.Execute(w, r); err != nil {
		return fmt.Errorf("deid: write HTML report: %w", err)
	}
	return nil
}
