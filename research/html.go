package research

import (
	"bytes"
	"encoding/base64"
	"html/template"
)

var htmlFuncs = template.FuncMap{
	"png": func(b []byte) template.URL {
		return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))
	},
	"pct": func(f float64) string { return template.HTMLEscapeString(formatPct(f)) },
}

func formatPct(f float64) string {
	return template.HTMLEscapeString(fmtFloat(f*100, 2) + " %")
}

const htmlHead = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#eee}.ok{color:#1a6e1a}.bad{color:#a00}</style></head><body>`

var reportHTML = template.Must(template.New("report").Funcs(htmlFuncs).Parse(htmlHead + `
{{with .R}}<h1>Research export report: {{.Study.Name}}</h1>
<p>Study <b>{{.Study.ID}}</b> version {{.Study.Version}}, purpose {{.Study.Purpose}}, for {{.Study.RecipientOrg}} ({{.Study.Contact}}).
One row per {{.Study.Level}}. Export {{.ExportID}}, created {{.Created.Format "2006-01-02 15:04 MST"}}.</p>
<h2>Cohort and consent</h2>
<table><tr><th>Patients meeting the criteria</th><td>{{.Cohort.Candidates}}</td></tr>
<tr><th>Included (consent gate passed)</th><td>{{.Cohort.Included}}</td></tr>
<tr><th>Excluded</th><td>{{.Cohort.ExcludedTotal}}</td></tr>
{{range $k, $v := .Cohort.Excluded}}<tr><td>&nbsp;&nbsp;{{$k}}</td><td>{{$v}}</td></tr>{{end}}
<tr><th>Data categories checked</th><td>{{range .Cohort.Categories}}{{.}} {{end}}</td></tr></table>
<img alt="Exclusions by reason" src="{{png $.Exclusions}}">
<h2>Privacy model</h2>
<table><tr><th>Models</th><td>{{range .Model.Models}}{{.}}<br>{{end}}</td></tr>
<tr><th>Suppression limit</th><td>{{pct .Model.SuppressionLimit}}</td></tr>
<tr><th>Algorithm, metric</th><td>{{.Model.Algorithm}}, {{.Model.Metric}}</td></tr>
{{if .Model.Entity}}<tr><th>Counted per</th><td>patient (column {{.Model.Entity}})</td></tr>{{end}}</table>
<h2>Transformation</h2>
<table><tr><th>Column</th><th>Level</th><th>of</th></tr>{{range .Transformation}}<tr><td>{{.Column}}</td><td>{{if lt .Level 0}}per class{{else}}{{.Level}}{{end}}</td><td>{{.Height}}</td></tr>{{end}}</table>
<h2>Rows</h2>
<table><tr><th>Input rows</th><td>{{.Rows.Input}}</td></tr><tr><th>Released rows</th><td>{{.Rows.Output}}</td></tr>
<tr><th>Suppressed rows</th><td>{{.Rows.Suppressed}}</td></tr><tr><th>Released patients</th><td>{{.Rows.PatientsOutput}}</td></tr>
<tr><th>Suppressed patients</th><td>{{.Rows.PatientsSuppressed}}</td></tr><tr><th>Classes</th><td>{{.Classes}}</td></tr></table>
<img alt="Class sizes" src="{{png $.Classes}}">
<h2>Risk</h2>
<table><tr><th></th><th>before</th><th>after (rows)</th><th>after (patients)</th></tr>
<tr><th>Prosecutor, highest</th><td>{{pct .Risk.Before.ProsecutorMax}}</td><td>{{pct .Risk.After.ProsecutorMax}}</td><td>{{pct .Risk.AfterPatients.ProsecutorMax}}</td></tr>
<tr><th>Prosecutor, average</th><td>{{pct .Risk.Before.ProsecutorAvg}}</td><td>{{pct .Risk.After.ProsecutorAvg}}</td><td>{{pct .Risk.AfterPatients.ProsecutorAvg}}</td></tr>
<tr><th>Journalist, highest</th><td>{{pct .Risk.Before.JournalistMax}}</td><td>{{pct .Risk.After.JournalistMax}}</td><td>{{pct .Risk.AfterPatients.JournalistMax}}</td></tr>
<tr><th>Marketer</th><td>{{pct .Risk.Before.Marketer}}</td><td>{{pct .Risk.After.Marketer}}</td><td>{{pct .Risk.AfterPatients.Marketer}}</td></tr>
<tr><th>Sample uniques</th><td>{{.Risk.Before.SampleUniques}}</td><td>{{.Risk.After.SampleUniques}}</td><td>{{.Risk.AfterPatients.SampleUniques}}</td></tr></table>
<img alt="Risk before and after" src="{{png $.Risk}}">
<h2>Utility</h2>
<table><tr><th>Loss ({{.Utility.LossDomain}})</th><td>{{printf "%.4f" .Utility.Loss}}</td></tr>
<tr><th>Precision</th><td>{{printf "%.4f" .Utility.Precision}}</td></tr>
<tr><th>Discernibility</th><td>{{printf "%.0f" .Utility.DM}}</td></tr>
<tr><th>Average class size</th><td>{{printf "%.3f" .Utility.AECS}}</td></tr>
<tr><th>Non-uniform entropy</th><td>{{printf "%.2f" .Utility.NonUniformEntropy}}</td></tr></table>
<h2>Pseudonyms and dates</h2>
<p>{{if .Pseudonyms.Pseudonymised}}Patients are identified by pseudonyms made with study key {{.Pseudonyms.KeyID}}.{{else}}No patient identifier is included.{{end}}
{{if .Pseudonyms.DateShiftDays}}Dates of each patient are moved by one number of days between −{{.Pseudonyms.DateShiftDays}} and {{.Pseudonyms.DateShiftDays}}.{{end}}</p>
{{with .Verification}}<h2>Independent re-check of data.csv</h2><table>{{range .Checks}}<tr><th>{{.Name}}</th><td class="{{if .Passed}}ok{{else}}bad{{end}}">{{if .Passed}}passed{{else}}FAILED{{end}}</td><td>{{.Detail}}</td></tr>{{end}}</table>{{end}}
{{end}}</body></html>
`))

var codebookHTML = template.Must(template.New("codebook").Funcs(htmlFuncs).Parse(htmlHead + `
{{with .C}}<h1>Codebook: study {{.Study}} version {{.Version}}</h1><p>One row per {{.Level}}.</p>
{{range .Columns}}<h2>{{.Name}}</h2><table><tr><th>Role</th><td>{{.Role}}</td></tr><tr><th>Category</th><td>{{.Category}}</td></tr>
<tr><th>Meaning</th><td>{{.Description}}</td></tr>
{{if .Level}}<tr><th>Generalisation</th><td>level {{.Level}} of {{.Height}}</td></tr>{{end}}
<tr><th>Distinct values</th><td>{{.Distinct}}</td></tr></table>
{{if .Hierarchy}}<table><tr><th>Level</th><th>Labels</th></tr>{{range .Hierarchy}}<tr><td>{{.Level}}</td><td>{{range .Labels}}{{.}}; {{end}}{{if .Truncated}}…{{end}}</td></tr>{{end}}</table>{{end}}
{{if .Values}}<table><tr><th>Value</th><th>Rows</th></tr>{{range .Values}}<tr><td>{{.Value}}</td><td>{{.Rows}}</td></tr>{{end}}</table>{{if .Truncated}}<p>(first 200 values)</p>{{end}}{{end}}
{{end}}{{end}}</body></html>
`))

type reportPage struct {
	Title                     string
	R                         *Report
	Exclusions, Classes, Risk []byte
}

func renderReport(r *Report, charts map[string][]byte) ([]byte, error) {
	var b bytes.Buffer
	err := reportHTML.Execute(&b, reportPage{Title: "Research export report", R: r,
		Exclusions: charts[chartExclusions], Classes: charts[chartClasses], Risk: charts[chartRisk]})
	return b.Bytes(), err
}

func renderCodebook(c *Codebook) ([]byte, error) {
	var b bytes.Buffer
	err := codebookHTML.Execute(&b, struct {
		Title string
		C     *Codebook
	}{"Codebook", c})
	return b.Bytes(), err
}
