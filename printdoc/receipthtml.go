package printdoc

import (
	"html/template"
	"io"
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// ReceiptPage is a consent receipt for the printable web page: the
// receipt and, in its order, the grant events it was made from with their
// catalogue (with them purposes, method, period and text reference are
// worded in the reader's language; without them the receipt's English
// stays).
type ReceiptPage struct {
	Receipt   consent.Receipt
	Grants    []consent.Event
	Catalogue *consent.Catalogue
	// Patient names the patient (name and birth date) as the receipt PDF
	// does, when the caller may show it; zero prints the patient id the
	// Kantara receipt carries.
	Patient Person
}

// ReceiptHTML writes the receipt as a printable HTML page in loc's
// language, worded as the receipt PDF is (html/template: every value is
// escaped).
func ReceiptHTML(w io.Writer, loc *i18n.Localizer, d ReceiptPage) error {
	return renderPage(w, receiptHTMLTmpl, loc, receiptView(loc, d))
}

type receiptHTMLView struct {
	Lang, Title string
	Fields      [][2]string
	Services    []receiptHTMLService
	Shares      [][]string
	Sensitive   string
	Evidence    [][]string
	Footer      string
	IDLabel, ID string // the receipt's number, printed apart for copy-paste
}

type receiptHTMLService struct {
	Name string
	Rows [][]string
}

func receiptView(loc *i18n.Localizer, d ReceiptPage) receiptHTMLView {
	r := d.Receipt
	words := receiptWords{loc: loc, grants: d.Grants, cat: d.Catalogue}
	given := time.Unix(r.ConsentTimestamp, 0).UTC()
	v := receiptHTMLView{Lang: loc.Lang(), Title: loc.T("printdoc.receipt.title"),
		IDLabel: loc.T("cliuuid.receipt.id"), ID: r.ConsentReceiptID,
		Footer: loc.T("cliuuid.receipt.footer", "Version", r.Version, "Language", loc.Label("language", r.Language, ""))}
	v.Fields = [][2]string{receiptPatient(loc, d.Patient, r.PIIPrincipalID),
		{loc.T("printdoc.receipt.given"), words.given(given, loc.DateTime(given.Local())+", "+r.CollectionMethod)}}
	for _, c := range r.PIIControllers {
		v.Fields = append(v.Fields, [2]string{loc.T("printdoc.receipt.controller"), joinNonEmpty(", ", c.PIIController, c.Address.StreetAddress, loc.Country(c.Address.AddressCountry))},
			[2]string{loc.T("printdoc.receipt.contact"), joinNonEmpty(" · ", c.Email, c.Phone)},
			[2]string{loc.T("printdoc.receipt.dpo"), orDash(c.Contact)})
	}
	v.Fields = append(v.Fields, [2]string{loc.T("printdoc.receipt.jurisdiction"), loc.Country(r.Jurisdiction)},
		[2]string{loc.T("printdoc.receipt.policy"), r.PolicyURL})
	shares := r.Shares()
	for _, s := range r.Services {
		svc := receiptHTMLService{Name: s.Service}
		for i, x := range s.Purposes {
			svc.Rows = append(svc.Rows, []string{words.purpose(i, x.Purpose), strings.Join(words.categories(x.PIICategory), ", "),
				sharedWith(loc, x, shares), words.termination(i, x.Termination)})
		}
		v.Services = append(v.Services, svc)
	}
	for _, s := range shares {
		v.Shares = append(v.Shares, []string{loc.Translate("purpose", s.PurposeID, s.Purpose), loc.Translate("recipient", s.RecipientID, s.Recipient),
			strings.Join(words.categories(s.Categories), ", "), transferText(loc, s)})
	}
	if r.Sensitive {
		v.Sensitive = loc.T("printdoc.receipt.sensitive", "List", strings.Join(words.categories(r.SPICat), ", "))
	}
	for i, e := range r.Evidence() {
		by := loc.T("printdoc.receipt.bypatient")
		if e.Representative != "" {
			by = loc.T("printdoc.receipt.byrep", "Relation", loc.Label("relation", e.Representative, ""))
		}
		v.Evidence = append(v.Evidence, []string{words.purpose(i, e.Purpose), orDash(words.textRef(i, e.TextRef)), orDash(e.TextSHA256), by})
	}
	return v
}

// receiptPatient is the patient's line: the name with the birth date
// (or the reference) when the caller gave one, else the id the receipt
// carries when id is given, else a dash.
func receiptPatient(loc *i18n.Localizer, who Person, id string) [2]string {
	name := who.Name()
	if name == "" && id != "" {
		return [2]string{loc.T("htmla.receipt.patientid"), id}
	}
	if !who.BirthDate.IsZero() && name != "" && name != who.Ref {
		name = loc.T("printdoc.receipt.born", "Name", name, "Date", loc.Date(who.BirthDate))
	}
	return [2]string{loc.T("printdoc.receipt.patient"), orDash(name)}
}

// sharedWith names the recipients of one purpose in loc's language, from
// the receipt's shares; the receipt's own list when none match.
func sharedWith(loc *i18n.Localizer, p consent.ReceiptPurpose, shares []consent.ReceiptShare) string {
	if !p.ThirdPartyDisclosure {
		return loc.T("printdoc.receipt.nobody")
	}
	var names []string
	for _, s := range shares {
		if s.Purpose == p.Purpose {
			names = append(names, loc.Translate("recipient", s.RecipientID, s.Recipient))
		}
	}
	if len(names) == 0 {
		return p.ThirdPartyName
	}
	return strings.Join(names, ", ")
}

// transferText says whether a recipient is inside the EEA or, outside it,
// where and under which safeguard.
func transferText(loc *i18n.Localizer, s consent.ReceiptShare) string {
	if !s.ThirdCountry {
		return loc.T("htmla.receipt.eea")
	}
	return loc.T("htmla.receipt.thirdcountry", "Country", loc.Country(s.Country), "Safeguard", loc.Safeguard(s.Safeguard))
}

var receiptHTMLTmpl = template.Must(template.New("receipt").Funcs(pageHTMLFuncs).Parse(pageHead + `<table class="meta">{{range .Fields}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
{{range .Services}}<h2>{{.Name}}</h2>
<table><thead><tr><th>{{t "printdoc.receipt.purpose"}}</th><th>{{t "printdoc.receipt.data"}}</th><th>{{t "printdoc.receipt.shared"}}</th><th>{{t "printdoc.receipt.valid"}}</th></tr></thead><tbody>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table>{{end}}
{{if .Shares}}<h2>{{t "htmla.receipt.shares"}}</h2>
<table><thead><tr><th>{{t "printdoc.receipt.purpose"}}</th><th>{{t "htmla.receipt.recipient"}}</th><th>{{t "htmla.receipt.datashared"}}</th><th>{{t "htmla.receipt.transfer"}}</th></tr></thead><tbody>
{{range .Shares}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table>{{end}}
{{with .Sensitive}}<p>{{.}}</p>{{end}}
<h2>{{t "printdoc.receipt.evidence"}}</h2>
<table><thead><tr><th>{{t "printdoc.receipt.purpose"}}</th><th>{{t "printdoc.receipt.textshown"}}</th><th>{{t "printdoc.receipt.sha"}}</th><th>{{t "printdoc.receipt.by"}}</th></tr></thead><tbody>
{{range .Evidence}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td><td class="seal"><code>{{index . 2}}</code></td><td>{{index . 3}}</td></tr>
{{end}}</tbody></table>
<p>{{t "printdoc.receipt.withdraw"}}</p>
<p><small>{{.IDLabel}} <code>{{.ID}}</code> · {{.Footer}}</small></p>
</body></html>
`))
