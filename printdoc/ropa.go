package printdoc

import (
	"html/template"
	"io"
	"strings"

	"custodia/consent"
	"custodia/i18n"
)

// ROPAHTML writes the record of processing activities (GDPR Art. 30(1))
// as a printable HTML page in loc's language (nil: English): every
// activity's name, lawful basis, data subjects, categories, recipients,
// transfers and retention worded from the row's codes (consent.ROPARow),
// the practice's own entries (a purpose it named, a recipient it added,
// legal sources) as stored.
func ROPAHTML(w io.Writer, loc *i18n.Localizer, r consent.ROPA) error {
	loc = english(loc)
	return ropaTmpl.Execute(w, ropaView(loc, r))
}

// ROPAWords is one activity of the record worded for people: what
// ROPAHTML prints in its row.
type ROPAWords struct {
	Purpose, Basis, Subjects, Categories string
	ConsentBased                         bool
	Recipients, Transfers, Retention     []string
}

// ROPAWorded words every row of the record in loc's language (nil:
// English), in the record's order: for a front end's own table of it.
func ROPAWorded(loc *i18n.Localizer, r consent.ROPA) []ROPAWords {
	return ropaView(english(loc), r).Rows
}

// ropaPage is the record as the page shows it: every text final.
type ropaPage struct {
	Lang, Meta, Title                string
	Labels                           map[string]string
	Controller, Contact, DPO, Date   string
	Rows                             []ROPAWords
	Security                         []string
	NoRecipients, NoTransfers, NoSec string
}

func ropaView(loc *i18n.Localizer, r consent.ROPA) ropaPage {
	c := r.Controller
	p := ropaPage{Lang: loc.Lang(), Meta: loc.T("printdoc.ropa.meta"), Title: loc.T("printdoc.ropa.title"),
		Controller: joinNonEmpty(", ", c.Name, c.Address, loc.Country(c.Country)), Contact: joinNonEmpty(" · ", c.Email, c.Phone),
		DPO: c.DPOContact, Date: loc.Date(r.GeneratedAt), Labels: map[string]string{},
		NoRecipients: loc.T("printdoc.ropa.norecipients"), NoTransfers: loc.T("printdoc.ropa.notransfers"), NoSec: loc.T("printdoc.ropa.nosecurity")}
	for _, k := range []string{"controller", "contact", "dpo", "generated", "col.purpose", "col.basis", "col.subjects", "col.categories",
		"col.recipients", "col.transfers", "col.retention", "consentbased", "security"} {
		p.Labels[k] = loc.T("printdoc.ropa." + k)
	}
	names := map[string]string{}
	for _, row := range r.Rows {
		if row.Activity == "" {
			names[row.PurposeID] = row.Purpose
		}
	}
	for _, row := range r.Rows {
		p.Rows = append(p.Rows, ROPAWordsOf(loc, row, names))
	}
	for _, ctl := range r.Controls {
		p.Security = append(p.Security, loc.Control(string(ctl)))
	}
	return p
}

// ROPAWordsOf words one row: Custodia's own activities from their code, a
// study from its facts, a purpose from the catalogue's codes.
func ROPAWordsOf(loc *i18n.Localizer, row consent.ROPARow, purposeNames map[string]string) ROPAWords {
	switch row.Activity {
	case "":
		return purposeLine(loc, row)
	case consent.ActivityStudy:
		return studyLine(loc, row, purposeNames)
	}
	a := row.Activity
	l := ROPAWords{Purpose: loc.ROPAActivity(a, "name"), Basis: loc.ROPAActivity(a, "basis"), ConsentBased: row.ConsentBased,
		Subjects: loc.ROPAActivity(a, "subjects"), Categories: loc.ROPAActivity(a, "categories")}
	if rc := loc.ROPAActivity(a, "recipients"); rc != "" {
		l.Recipients = []string{rc}
	}
	if rt := loc.ROPAActivity(a, "retention"); rt != "" {
		l.Retention = []string{rt}
	}
	for _, rr := range row.RetentionRules {
		l.Retention = append(l.Retention, retentionLine(loc, rr))
	}
	return l
}

func purposeLine(loc *i18n.Localizer, row consent.ROPARow) ROPAWords {
	l := ROPAWords{Purpose: loc.Translate("purpose", row.PurposeID, row.Purpose), Basis: loc.LawfulBasis(row.Art6, row.Art9),
		ConsentBased: row.ConsentBased, Subjects: wordEach(row.DataSubjects, loc.DataSubject), Categories: labels(loc, "category", row.DataCategories)}
	for _, rc := range row.RecipientList {
		name := loc.Translate("recipient", rc.ID, rc.Name)
		l.Recipients = append(l.Recipients, loc.T("domaintext.ropa.recipient", "Name", name, "Category", loc.RecipientCategory(rc.Category)))
		if rc.ThirdCountry() {
			l.Transfers = append(l.Transfers, loc.T("domaintext.ropa.transfer", "Name", name, "Country", loc.Country(rc.Country),
				"Safeguard", loc.Safeguard(rc.Safeguard)))
		}
	}
	for _, rr := range row.RetentionRules {
		l.Retention = append(l.Retention, retentionLine(loc, rr))
	}
	return l
}

func studyLine(loc *i18n.Localizer, row consent.ROPARow, purposeNames map[string]string) ROPAWords {
	st := row.Study
	if st == nil {
		st = &consent.ResearchStudy{}
	}
	form := "anonymised"
	if st.Pseudonymised {
		form = "pseudonymised"
		if st.KeyDestroyed {
			form = "destroyed"
		}
	}
	purpose := loc.Translate("purpose", st.PurposeID, purposeNames[st.PurposeID])
	return ROPAWords{Purpose: loc.T("domaintext.ropa.study.name", "Name", st.Name), Basis: basisOrDash(loc, row), ConsentBased: row.ConsentBased,
		Subjects: loc.T("domaintext.ropa.study.subjects"), Categories: labels(loc, "category", st.Categories),
		Recipients: []string{loc.T("domaintext.ropa.study.recipient", "Name", st.Recipient)},
		Retention: []string{loc.N("domaintext.ropa.study.retention", st.Exports, "Form", loc.T("domaintext.ropa.study.form."+form),
			"Purpose", purpose)}}
}

// basisOrDash words a study's lawful basis, a dash when its purpose is
// no longer in the catalogue.
func basisOrDash(loc *i18n.Localizer, row consent.ROPARow) string {
	if row.Art6 == "" {
		return "–"
	}
	return loc.LawfulBasis(row.Art6, row.Art9)
}

// retentionLine words one record category's retention.
func retentionLine(loc *i18n.Localizer, rr consent.ROPARetention) string {
	record := loc.Label("record", string(rr.Category), "")
	if !rr.Found {
		return loc.T("domaintext.ropa.retention.none", "Record", record)
	}
	r := rr.Rule
	return loc.T("domaintext.ropa.retention", "Record", record, "Period", loc.RetentionPeriod(r.Years, r.Months),
		"Trigger", loc.Label("trigger", string(r.Trigger), ""), "Source", loc.LegalSource(r.ID, r.LegalSource))
}

// wordEach words codes with word and joins them.
func wordEach(codes []string, word func(string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = word(c)
	}
	return strings.Join(out, ", ")
}

var ropaTmpl = template.Must(template.New("ropa").Funcs(template.FuncMap{"join": strings.Join}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Meta}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:1.4em}
table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}
@media print{body{margin:1cm;font-size:10pt}th{background:none}tr{page-break-inside:avoid}}
@page{size:A4 landscape;margin:1.5cm}
</style></head><body>
<h1>{{.Title}}</h1>
<table class="meta">
<tr><th>{{index .Labels "controller"}}</th><td>{{.Controller}}</td></tr>
<tr><th>{{index .Labels "contact"}}</th><td>{{.Contact}}</td></tr>
<tr><th>{{index .Labels "dpo"}}</th><td>{{.DPO}}</td></tr>
<tr><th>{{index .Labels "generated"}}</th><td>{{.Date}}</td></tr>
</table>
<table><thead><tr><th>{{index .Labels "col.purpose"}}</th><th>{{index .Labels "col.basis"}}</th><th>{{index .Labels "col.subjects"}}</th><th>{{index .Labels "col.categories"}}</th><th>{{index .Labels "col.recipients"}}</th><th>{{index .Labels "col.transfers"}}</th><th>{{index .Labels "col.retention"}}</th></tr></thead><tbody>
{{range .Rows}}<tr><td>{{.Purpose}}</td><td>{{.Basis}}{{if .ConsentBased}}<br><small>{{index $.Labels "consentbased"}}</small>{{end}}</td><td>{{.Subjects}}</td><td>{{.Categories}}</td><td>{{if .Recipients}}{{join .Recipients "; "}}{{else}}{{$.NoRecipients}}{{end}}</td><td>{{if .Transfers}}{{join .Transfers "; "}}{{else}}{{$.NoTransfers}}{{end}}</td><td>{{join .Retention "; "}}</td></tr>
{{end}}</tbody></table>
<h2>{{index .Labels "security"}}</h2>
<ul>{{range .Security}}<li>{{.}}</li>{{else}}<li>{{.NoSec}}</li>{{end}}</ul>
</body></html>
`))
