package research

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"time"

	"custodia/deid/verify"
	"custodia/i18n"
)

// htmlFuncs are the templates' functions; the words come from the
// package's language (wordFuncs), so the parsed templates hold
// placeholders that each render replaces.
var htmlFuncs = template.FuncMap{
	"png": func(b []byte) template.URL {
		return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))
	},
	"t": func(string, ...any) string { return "" }, "int": func(int) string { return "" },
	"pct": func(float64) string { return "" }, "num": func(float64, int) string { return "" },
	"when": func(time.Time) string { return "" }, "models": func(ReportModel) []string { return nil },
	"check": func(verify.Check) string { return "" }, "reason": func(string) string { return "" },
	"algorithm": func(string) string { return "" }, "metric": func(string) string { return "" },
	"level": func(string) string { return "" }, "category": func(string) string { return "" },
	"role": func(string) string { return "" }, "purpose": func(string, string) string { return "" },
	"column": func(string) string { return "" }, "named": func(string) string { return "" },
	"meaning": func(string, CodebookColumn) string { return "" }, "cbrole": func(CodebookColumn) string { return "" },
	"value": func(string, string) string { return "" }, "levels": func(*int, int) string { return "" },
}

// wordFuncs words the templates in loc's language: the same functions
// the desktop and the command line use (CheckText, ModelTexts,
// ReasonText, …).
func wordFuncs(loc *i18n.Localizer) template.FuncMap {
	return template.FuncMap{
		"t":         func(id string, pairs ...any) string { return loc.T(id, pairs...) },
		"int":       loc.Int,
		"pct":       func(f float64) string { return loc.Percent(f, 2) },
		"num":       loc.Float,
		"when":      func(t time.Time) string { return loc.DateTime(t) + " UTC" },
		"models":    func(m ReportModel) []string { return ModelTexts(loc, m.Privacy, m.Entity != "") },
		"check":     func(c verify.Check) string { return CheckText(loc, c) },
		"reason":    func(code string) string { return ReasonText(loc, code) },
		"algorithm": func(code string) string { return AlgorithmText(loc, code) },
		"metric":    func(code string) string { return MetricText(loc, code) },
		"level":     func(code string) string { return LevelText(loc, code) },
		"category":  func(code string) string { return CategoryText(loc, code) },
		"role":      func(code string) string { return orCode(loc, "research.role."+code, code) },
		"purpose":   func(code, name string) string { return loc.Translate("purpose", code, name) },
		"column":    func(name string) string { return ColumnText(loc, name) },
		"named":     func(name string) string { return ColumnNamed(loc, name) },
		"meaning":   func(level string, c CodebookColumn) string { return MeaningText(loc, level, c) },
		"cbrole":    func(c CodebookColumn) string { return RoleText(loc, c) },
		"value":     func(column, v string) string { return ValueText(loc, column, v) },
		"levels":    func(level *int, height int) string { return LevelsText(loc, *level, height) },
	}
}

const htmlHead = `<!doctype html><html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#eee}.ok{color:#1a6e1a}.bad{color:#a00}</style></head><body>`

var reportHTML = template.Must(template.New("report").Funcs(htmlFuncs).Parse(htmlHead + `
{{with .R}}<h1>{{t "research2.html.heading" "Name" .Study.Name}}</h1>
<p>{{t "research2.html.study" "ID" .Study.ID "Version" .Study.Version "Purpose" (purpose .Study.Purpose .Study.PurposeName) "Org" .Study.RecipientOrg "Contact" .Study.Contact "Level" (level .Study.Level)}}
{{t "research2.html.created" "ExportID" .ExportID "Created" (when .Created)}}</p>
<h2>{{t "research2.html.cohort"}}</h2>
<table><tr><th>{{t "research2.html.candidates"}}</th><td>{{int .Cohort.Candidates}}</td></tr>
<tr><th>{{t "research2.html.included"}}</th><td>{{int .Cohort.Included}}</td></tr>
<tr><th>{{t "research2.html.excluded"}}</th><td>{{int .Cohort.ExcludedTotal}}</td></tr>
{{range $k, $v := .Cohort.Excluded}}<tr><td>&nbsp;&nbsp;{{reason $k}}</td><td>{{int $v}}</td></tr>{{end}}
<tr><th>{{t "research2.html.categories"}}</th><td>{{range $i, $c := .Cohort.Categories}}{{if $i}}, {{end}}{{category $c}}{{end}}</td></tr></table>
<img alt="{{t "research2.html.exclusionsAlt"}}" src="{{png $.Exclusions}}">
<h2>{{t "research2.html.model"}}</h2>
<table><tr><th>{{t "research2.html.models"}}</th><td>{{range models .Model}}{{.}}<br>{{end}}</td></tr>
<tr><th>{{t "research2.html.suppression"}}</th><td>{{pct .Model.SuppressionLimit}}</td></tr>
<tr><th>{{t "research2.html.algorithm"}}</th><td>{{algorithm .Model.Algorithm}}, {{metric .Model.Metric}}</td></tr>
{{if .Model.Entity}}<tr><th>{{t "research2.html.countedPer"}}</th><td>{{t "research2.html.countedPerPatient" "Column" .Model.Entity}}</td></tr>{{end}}</table>
<h2>{{t "research2.html.transformation"}}</h2>
<table><tr><th>{{t "research2.html.column"}}</th><th>{{t "research2.html.level"}}</th><th>{{t "research2.html.levelOf"}}</th></tr>{{range .Transformation}}<tr><td>{{named .Column}}</td><td>{{if lt .Level 0}}{{t "research2.html.perClass"}}{{else}}{{.Level}}{{end}}</td><td>{{.Height}}</td></tr>{{end}}</table>
<h2>{{t "research2.html.rows"}}</h2>
<table><tr><th>{{t "research2.html.inputRows"}}</th><td>{{int .Rows.Input}}</td></tr><tr><th>{{t "research2.html.releasedRows"}}</th><td>{{int .Rows.Output}}</td></tr>
<tr><th>{{t "research2.html.suppressedRows"}}</th><td>{{int .Rows.Suppressed}}</td></tr><tr><th>{{t "research2.html.releasedPatients"}}</th><td>{{int .Rows.PatientsOutput}}</td></tr>
<tr><th>{{t "research2.html.suppressedPatients"}}</th><td>{{int .Rows.PatientsSuppressed}}</td></tr><tr><th>{{t "research2.html.classes"}}</th><td>{{int .Classes}}</td></tr></table>
<img alt="{{t "research2.html.classesAlt"}}" src="{{png $.Classes}}">
<h2>{{t "research2.html.risk"}}</h2>
<table><tr><th></th><th>{{t "research2.html.before"}}</th><th>{{t "research2.html.afterRows"}}</th><th>{{t "research2.html.afterPatients"}}</th></tr>
<tr><th>{{t "research2.html.prosecutorMax"}}</th><td>{{pct .Risk.Before.ProsecutorMax}}</td><td>{{pct .Risk.After.ProsecutorMax}}</td><td>{{pct .Risk.AfterPatients.ProsecutorMax}}</td></tr>
<tr><th>{{t "research2.html.prosecutorAvg"}}</th><td>{{pct .Risk.Before.ProsecutorAvg}}</td><td>{{pct .Risk.After.ProsecutorAvg}}</td><td>{{pct .Risk.AfterPatients.ProsecutorAvg}}</td></tr>
<tr><th>{{t "research2.html.journalistMax"}}</th><td>{{pct .Risk.Before.JournalistMax}}</td><td>{{pct .Risk.After.JournalistMax}}</td><td>{{pct .Risk.AfterPatients.JournalistMax}}</td></tr>
<tr><th>{{t "research2.html.marketer"}}</th><td>{{pct .Risk.Before.Marketer}}</td><td>{{pct .Risk.After.Marketer}}</td><td>{{pct .Risk.AfterPatients.Marketer}}</td></tr>
<tr><th>{{t "research2.html.sampleUniques"}}</th><td>{{int .Risk.Before.SampleUniques}}</td><td>{{int .Risk.After.SampleUniques}}</td><td>{{int .Risk.AfterPatients.SampleUniques}}</td></tr></table>
<img alt="{{t "research2.html.riskAlt"}}" src="{{png $.Risk}}">
<h2>{{t "research2.html.utility"}}</h2>
<table><tr><th>{{t "research2.html.loss"}}</th><td>{{num .Utility.Loss 4}}</td></tr>
<tr><th>{{metric "precision"}}</th><td>{{num .Utility.Precision 4}}</td></tr>
<tr><th>{{metric "dm"}}</th><td>{{num .Utility.DM 0}}</td></tr>
<tr><th>{{metric "aecs"}}</th><td>{{num .Utility.AECS 3}}</td></tr>
<tr><th>{{metric "entropy"}}</th><td>{{num .Utility.NonUniformEntropy 2}}</td></tr></table>
<h2>{{t "research2.html.pseudonyms"}}</h2>
<p>{{if .Pseudonyms.Pseudonymised}}{{t "research2.html.pseudonymised" "Key" .Pseudonyms.KeyID}}{{else}}{{t "research2.html.noIdentifier"}}{{end}}
{{if .Pseudonyms.DateShiftDays}}{{t "research2.html.dateShift" "Days" .Pseudonyms.DateShiftDays}}{{end}}</p>
{{with .Verification}}<h2>{{t "research2.html.recheck"}}</h2><table>{{range .Checks}}<tr><td class="{{if .Passed}}ok{{else}}bad{{end}}">{{check .}}</td></tr>{{end}}</table>{{end}}
{{end}}</body></html>
`))

var codebookHTML = template.Must(template.New("codebook").Funcs(htmlFuncs).Parse(htmlHead + `
{{with .C}}<h1>{{t "research2.cb.heading" "Study" $.Study "Version" .Version}}</h1><p>{{level .Level}}.</p>
<p>{{t "researchwords.cb.codesNote"}}{{if $.DecimalComma}} {{t "researchwords.cb.decimalNote"}}{{end}}{{if $.Dates}} {{t "researchwords.cb.dateNote"}}{{end}}</p>
{{range .Columns}}{{$col := .Name}}<h2>{{column .Name}}</h2><table><tr><th>{{t "researchwords.cb.fileColumn"}}</th><td><code>{{.Name}}</code></td></tr>
<tr><th>{{t "research2.cb.role"}}</th><td>{{cbrole .}}</td></tr><tr><th>{{t "research2.cb.category"}}</th><td>{{category .Category}}</td></tr>
<tr><th>{{t "research2.cb.meaning"}}</th><td>{{meaning $.C.Level .}}</td></tr>
{{if .Level}}<tr><th>{{t "research2.cb.generalisation"}}</th><td>{{levels .Level .Height}}</td></tr>{{end}}
<tr><th>{{t "research2.cb.distinct"}}</th><td>{{int .Distinct}}</td></tr></table>
{{if .Hierarchy}}<table><tr><th>{{t "research2.cb.level"}}</th><th>{{t "research2.cb.labels"}}</th></tr>{{range .Hierarchy}}<tr><td>{{.Level}}</td><td>{{range $i, $l := .Labels}}{{if $i}}; {{end}}{{value $col $l}}{{end}}{{if .Truncated}} …{{end}}</td></tr>{{end}}</table>{{end}}
{{if .Values}}<table><tr><th>{{t "research2.cb.value"}}</th><th>{{t "research2.cb.rows"}}</th></tr>{{range .Values}}<tr><td>{{value $col .Value}}</td><td>{{int .Rows}}</td></tr>{{end}}</table>{{if .Truncated}}<p>{{t "research2.cb.first200"}}</p>{{end}}{{end}}
{{end}}{{end}}</body></html>
`))

type reportPage struct {
	Lang, Title               string
	R                         *Report
	Exclusions, Classes, Risk []byte
}

// renderReport writes report.html in loc's language.
func renderReport(loc *i18n.Localizer, r *Report, charts map[string][]byte) ([]byte, error) {
	t, err := reportHTML.Clone()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Funcs(wordFuncs(loc)).Execute(&b, reportPage{Lang: loc.Lang(), Title: loc.T("research2.html.title"), R: r,
		Exclusions: charts[chartExclusions], Classes: charts[chartClasses], Risk: charts[chartRisk]})
	return b.Bytes(), err
}

// renderCodebook writes codebook.html in loc's language; its heading
// names the study by its name (study), by its id when it has none.
func renderCodebook(loc *i18n.Localizer, study string, c *Codebook) ([]byte, error) {
	if study == "" {
		study = c.Study
	}
	t, err := codebookHTML.Clone()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Funcs(wordFuncs(loc)).Execute(&b, struct {
		Lang, Title  string
		Study        string
		DecimalComma bool
		Dates        bool
		C            *Codebook
	}{loc.Lang(), loc.T("research2.cb.title"), study, decimalComma(loc), hasColumn(c, SrcDate), readingOrder(c)})
	return b.Bytes(), err
}
