package printdoc

import (
	"html/template"
	"io"
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// AccessPages writes the printable HTML pages of an access (GDPR Art. 15)
// or portability (Art. 20) package in the reader's language: the words
// come from the catalogue (areas "accesspdf" and "htmlb"), codes become
// labels, dates are the reader's. It is the vault's AccessPages; values
// are escaped by html/template.
type AccessPages struct {
	Loc *i18n.Localizer
}

// Access writes the access report page.
func (p AccessPages) Access(w io.Writer, r consent.AccessReport) error {
	loc := p.loc()
	return renderPage(w, accessHTML, loc, struct {
		Lang, Title string
		R           consent.AccessReport
		Held        []heldSection
	}{loc.Lang(), reportTitle(loc, r.RequestType), r, heldSections(loc, r.Sections)})
}

func (p AccessPages) loc() *i18n.Localizer {
	if p.Loc == nil {
		return i18n.MustLoad().Localizer("en")
	}
	return p.Loc
}

// pageFuncs words the pages in loc's language.
func pageFuncs(loc *i18n.Localizer) template.FuncMap {
	return template.FuncMap{
		"t":        func(id string, pairs ...any) string { return loc.T(id, pairs...) },
		"date":     func(t time.Time) string { return htmlDate(loc, t) },
		"datetime": func(t time.Time) string { return loc.DateTime(t.Local()) },
		"purpose":  func(id, name string) string { return loc.Translate("purpose", id, name) },
		"cats":     func(codes []string) string { return strings.Join(categoryWords(loc, codes), ", ") },
		"consent":  func(code string) string { return consentState(loc, code) },
		"reqtype":  func(t consent.RequestType) string { return loc.Label("request", string(t), t.Article()) },
		"reqstate": func(s consent.State) string { return loc.Label("state", string(s), "") },
		"event":    func(t consent.EventType) string { return loc.Label("event", string(t), "") },
		"country":  func(code string) string { return loc.Country(code) },
		"safe":     func(stored string) string { return loc.Safeguard(stored) },
		"recips":   func(ap consent.AccessPurpose) string { return recipientWords(loc, ap) },
		"role":     func(c consent.Consultation) string { return consultationRole(loc, c) },
		"action":   func(c consent.Consultation) string { return consultationAction(loc, c) },
		"rights":   func() []string { return rightWords(loc) },
		"pname":    func(r consent.AccessReport, id string) string { return purposeWord(loc, r, id) },
		"basis":    func(stored string) string { return basisWords(loc, stored) },
		"contact":  func(c consent.Controller) string { return joinNonEmpty(", ", orDash(c.DPOContact), c.Email, c.Phone) },
	}
}

// basisWords cites and explains a lawful basis in the reader's language
// from consent's citation "GDPR Art. 6(1)(b), Art. 9(2)(h)"
// (consent.Purpose.Basis); another text stays as stored.
func basisWords(loc *i18n.Localizer, stored string) string {
	rest, ok := strings.CutPrefix(stored, "GDPR Art. 6(1)(")
	art6, rest, ok6 := strings.Cut(rest, ")")
	if !ok || !ok6 || len(art6) != 1 {
		return stored
	}
	if rest == "" {
		return loc.LawfulBasis(art6, "")
	}
	art9, ok := strings.CutPrefix(rest, ", Art. 9(2)(")
	art9, ok9 := strings.CutSuffix(art9, ")")
	if !ok || !ok9 || len(art9) != 1 {
		return stored
	}
	return loc.LawfulBasis(art6, art9)
}

func htmlDate(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return loc.Date(t)
}

func categoryWords(loc *i18n.Localizer, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = loc.Label("category", c, "")
	}
	return out
}

func consentState(loc *i18n.Localizer, code string) string {
	if code == "" {
		return loc.T("accesspdf.notNeeded")
	}
	if id := "accesspdf.consent." + code; loc.Has(id) {
		return loc.T(id)
	}
	return code
}

// recipientWords are who receives the purpose's data: the recipients by
// label, those a purpose without consent discloses to when needed, or
// nobody outside the practice.
func recipientWords(loc *i18n.Localizer, ap consent.AccessPurpose) string {
	var parts []string
	if names := recipientNames(loc, ap); len(names) > 0 {
		parts = append(parts, strings.Join(names, "; "))
	}
	if may := mayReceiveNames(loc, ap); len(may) > 0 {
		parts = append(parts, loc.T("htmlb.whenNeeded", "Recipients", strings.Join(may, "; ")))
	}
	if len(parts) == 0 {
		return loc.T("htmlb.nobody")
	}
	return strings.Join(parts, "; ")
}

func consultationRole(loc *i18n.Localizer, c consent.Consultation) string {
	if c.RoleCode != "" {
		return loc.Role(c.RoleCode)
	}
	return c.Role
}

func consultationAction(loc *i18n.Localizer, c consent.Consultation) string {
	if c.ActionCode != "" {
		return loc.AuditAction(c.ActionCode)
	}
	return c.Action
}

func rightWords(loc *i18n.Localizer) []string {
	out := make([]string, 7)
	for i := range out {
		out[i] = loc.T("accesspdf.right." + string(rune('1'+i)))
	}
	return out
}

// purposeWord names a purpose by id, in words when the report lists it.
func purposeWord(loc *i18n.Localizer, r consent.AccessReport, id string) string {
	return loc.Translate("purpose", id, purposeNames(r)(id))
}

var accessHTML = template.Must(template.New("access").Funcs(pageHTMLFuncs).Parse(pageHead + `{{with .R}}
<table class="meta">
<tr><th>{{t "htmlb.controller"}}</th><td>{{.Controller.Name}}{{if .Controller.Address}}, {{.Controller.Address}}{{end}}</td></tr>
<tr><th>{{t "htmlb.dpo"}}</th><td>{{.Controller.DPOContact}}</td></tr>
<tr><th>{{t "accesspdf.request"}}</th><td>{{t "htmlb.answered" "Request" (reqtype .RequestType) "Date" (date .GeneratedAt)}}</td></tr>
</table>
{{if .Sections}}<h2>{{t "accesspdf.held"}}</h2>
{{range $.Held}}<h3>{{.Title}}</h3><table><tbody>{{range .Rows}}<tr><th>{{index . 0}}</th><td>{{or (index . 1) "—"}}</td></tr>{{end}}</tbody></table>
{{end}}{{end}}
<h2>{{t "accesspdf.purposes"}}</h2>
<table><thead><tr><th>{{t "accesspdf.purpose"}}</th><th>{{t "accesspdf.basis"}}</th><th>{{t "accesspdf.categories"}}</th><th>{{t "htmlb.recipients"}}</th><th>{{t "htmlb.keptFor"}}</th><th>{{t "accesspdf.consentState"}}</th></tr></thead><tbody>
{{range .Purposes}}<tr><td>{{purpose .PurposeID .Name}}{{with stopped .}} ({{t "accesspdf.stopped" "Reason" .}}){{end}}</td><td>{{basis .Basis}}</td><td>{{cats .Categories}}</td><td>{{recips .}}</td><td>{{range $i, $r := retention .}}{{if $i}}; {{end}}{{$r}}{{end}}</td><td>{{consent .Consent}}</td></tr>
{{end}}</tbody></table>
<h2>{{t "accesspdf.sources"}}</h2>
<ul>{{range sources .}}<li>{{.}}</li>{{end}}</ul>
<h2>{{t "accesspdf.automated"}}</h2>
<p>{{t "accesspdf.automated.none"}}</p>
<h2>{{t "accesspdf.transfers"}}</h2>
{{if .Transfers}}<table><thead><tr><th>{{t "accesspdf.recipient"}}</th><th>{{t "htmlb.country"}}</th><th>{{t "htmlb.safeguard"}}</th></tr></thead><tbody>
{{range .Transfers}}<tr><td>{{transferTo .}}</td><td>{{country .Country}}</td><td>{{safe .Safeguard}}</td></tr>
{{end}}</tbody></table>{{else}}<p>{{t "accesspdf.transfers.none"}}</p>{{end}}
<h2>{{t "accesspdf.consents"}}</h2>
<table><thead><tr><th>{{t "accesspdf.purpose"}}</th><th>{{t "accesspdf.since"}}</th><th>{{t "accesspdf.until"}}</th><th>{{t "accesspdf.state"}}</th></tr></thead><tbody>
{{range .Consents}}<tr><td>{{pname $.R .PurposeID}}</td><td>{{date .Since}}</td><td>{{date .ValidUntil}}</td><td>{{consent .Status}}</td></tr>
{{else}}<tr><td colspan="4">{{t "htmlb.noneRecorded"}}</td></tr>{{end}}</tbody></table>
<h2>{{t "accesspdf.disclosures"}}</h2>
<table><thead><tr><th>{{t "accesspdf.recipient"}}</th><th>{{t "accesspdf.purpose"}}</th><th>{{t "accesspdf.categories"}}</th><th>{{t "accesspdf.date"}}</th></tr></thead><tbody>
{{range .Disclosures}}<tr><td>{{recipientOf $.R .Recipient}}</td><td>{{pname $.R .PurposeID}}</td><td>{{cats .Categories}}</td><td>{{date .At}}</td></tr>
{{else}}<tr><td colspan="4">{{t "htmlb.noDisclosures"}}</td></tr>{{end}}</tbody></table>
<h2>{{t "accesspdf.requests"}}</h2>
<table><thead><tr><th>{{t "accesspdf.request"}}</th><th>{{t "accesspdf.received"}}</th><th>{{t "accesspdf.state"}}</th><th>{{t "accesspdf.closed"}}</th></tr></thead><tbody>
{{range .Requests}}<tr><td>{{reqtype .Type}}</td><td>{{date .ReceivedAt}}</td><td>{{reqstate .State}}</td><td>{{date .ClosedAt}}</td></tr>
{{end}}</tbody></table>
<h2>{{t "accesspdf.consultations"}}</h2>
<table><thead><tr><th>{{t "accesspdf.when"}}</th><th>{{t "accesspdf.who"}}</th><th>{{t "htmlb.role"}}</th><th>{{t "accesspdf.what"}}</th></tr></thead><tbody>
{{range .Consultations}}<tr><td>{{datetime .At}}</td><td>{{.By}}</td><td>{{role .}}</td><td>{{action .}}</td></tr>
{{else}}<tr><td colspan="4">{{t "htmlb.noConsultations"}}</td></tr>{{end}}</tbody></table>
<h2>{{t "accesspdf.rights"}}</h2>
<ul>{{range rights}}<li>{{.}}</li>{{end}}</ul>
<p>{{t "accesspdf.contact" "Contact" (contact .Controller)}}</p>
{{end}}</body></html>
`))

// Portable writes the portability page: the data the patient provided and
// their consent decisions.
func (p AccessPages) Portable(w io.Writer, d consent.PortableData) error {
	loc := p.loc()
	return renderPage(w, portableHTML, loc, struct {
		Lang, Title, Request string
		D                    consent.PortableData
		Record               [][3]string
	}{loc.Lang(), reportTitle(loc, consent.ReqPortability), loc.Label("request", string(consent.ReqPortability), ""), d, portableRows(loc, d.Record)})
}

var portableHTML = template.Must(template.New("portable").Funcs(pageHTMLFuncs).Parse(pageHead + `{{with .D}}
<p>{{t "htmlb.portable.intro" "Practice" .Controller.Name}}</p>
<table class="meta"><tr><th>{{t "htmlb.controller"}}</th><td>{{.Controller.Name}}{{if .Controller.Address}}, {{.Controller.Address}}{{end}}</td></tr>
<tr><th>{{t "accesspdf.request"}}</th><td>{{t "htmlb.answered" "Request" $.Request "Date" (date .GeneratedAt)}}</td></tr></table>
<h2>{{t "htmlb.portable.provided"}}</h2>
<table><thead><tr><th>{{t "htmlb.section"}}</th><th>{{t "accesspdf.field"}}</th><th>{{t "accesspdf.value"}}</th></tr></thead><tbody>
{{range $.Record}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td><td>{{or (index . 2) "—"}}</td></tr>
{{else}}<tr><td colspan="3">{{t "htmlb.noneStored"}}</td></tr>{{end}}</tbody></table>
<h2>{{t "htmlb.portable.decisions"}}</h2>
<table><thead><tr><th>{{t "accesspdf.purpose"}}</th><th>{{t "htmlb.decision"}}</th><th>{{t "accesspdf.when"}}</th><th>{{t "accesspdf.until"}}</th></tr></thead><tbody>
{{range .Consents}}<tr><td>{{purpose .PurposeID .Purpose}}</td><td>{{event .Type}}</td><td>{{date .Time}}</td><td>{{date .ValidUntil}}</td></tr>
{{else}}<tr><td colspan="4">{{t "htmlb.noneRecorded"}}</td></tr>{{end}}</tbody></table>
{{end}}</body></html>
`))
