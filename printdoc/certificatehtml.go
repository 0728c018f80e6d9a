package printdoc

import (
	"html/template"
	"io"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// CertificatePage is an erasure (or retention deletion) certificate for
// the printable web page, with the wording of what it stores as codes or
// English text.
type CertificatePage struct {
	Cert consent.Certificate
	// Category gives a record category's label; nil prints the code.
	Category func(consent.RecordCategory) string
	// Source words a stored legal source in the reader's language
	// (app.LegalSourceText); nil prints it as stored.
	Source func(stored string) string
	// Patient names the person an erasure certificate is about (name and
	// birth date, or a short reference); the page never prints the id.
	Patient Person
	// Request names the request the certificate answers for people
	// ("Löschung vom 02.12.2026"); empty leaves the line out.
	Request string
}

// CertificateHTML writes the certificate as a printable HTML page in
// loc's language, worded as the certificate PDF is: headings, labels,
// actions and the Art. 17(3) basis from the catalogue, roles by
// loc.Role, dates in the reader's format. The stored values (ids, notes,
// the seal) are shown as stored and escaped; the certificate is not
// changed.
func CertificateHTML(w io.Writer, loc *i18n.Localizer, d CertificatePage) error {
	return renderPage(w, certificateHTMLTmpl, loc, certificateView(loc, d))
}

type certificateHTMLView struct {
	Lang, Title string
	Retention   bool
	Fields      [][2]string
	Items       []certificateHTMLItem
	Seal        string
	Code        string
	Refs        [][2]string // the certificate's and batch's ids, printed with the seal for copy-paste
}

type certificateHTMLItem struct {
	Category, Record, Action, ActionCode, Records, Basis, Until, Source, Note string
}

func certificateView(loc *i18n.Localizer, d CertificatePage) certificateHTMLView {
	c := d.Cert
	v := certificateHTMLView{Lang: loc.Lang(), Title: loc.T("pdfdocs.cert.title"), Retention: c.Kind == "retention",
		Seal: c.SHA256, Code: loc.T("htmla.cert.seal")}
	if v.Retention {
		v.Title = loc.T("pdfdocs.cert.title.retention")
	}
	add := func(id, value string) {
		if value != "" {
			v.Fields = append(v.Fields, [2]string{loc.T(id), value})
		}
	}
	if c.SubjectID != "" {
		add("pdfdocs.cert.patient", personLabel(loc, d.Patient))
	}
	add("htmla.cert.request", d.Request)
	for _, r := range [][2]string{{"htmla.cert.id", c.ID}, {"htmla.cert.batch", c.BatchID}} {
		if r[1] != "" {
			v.Refs = append(v.Refs, [2]string{loc.T(r[0]), r[1]})
		}
	}
	if ctrl := c.Controller; ctrl != nil {
		add("pdfdocs.cert.controller", joinNonEmpty(", ", ctrl.Name, ctrl.Address, countryName(loc, ctrl.Country)))
		add("printdoc.receipt.contact", joinNonEmpty(" · ", ctrl.Email, ctrl.Phone))
		add("printdoc.receipt.dpo", ctrl.DPOContact)
	}
	add("pdfdocs.cert.approved", joinNonEmpty(", ", certPerson(loc, c.ApproverName, c.ApproverRole, c.ApprovedBy), certDate(loc, c.ApprovedAt)))
	add("pdfdocs.cert.issued", joinNonEmpty(", ", certPerson(loc, c.IssuerName, c.IssuerRole, c.IssuedBy), certDate(loc, c.IssuedAt)))
	add("pdfdocs.cert.result", loc.T("pdfdocs.cert.result.text", "Erased", loc.Int(c.Count(consent.ActErase)),
		"Kept", loc.Int(c.Count(consent.ActKeep)), "Anonymised", loc.Int(c.Count(consent.ActAnonymise))))
	words := CertificateDoc{Category: d.Category, Source: d.Source}
	notes := noteWords{loc: loc, en: i18n.MustLoad().Localizer("en")}
	for _, it := range c.Items {
		v.Items = append(v.Items, certificateHTMLItem{Category: words.label(it.Category), Record: it.RecordID,
			Action: actionText(loc, it.Action), ActionCode: string(it.Action), Records: loc.Int(it.Records),
			Basis: basisText(loc, it.Basis), Until: certDate(loc, it.KeepUntil), Source: words.source(it.LegalSource), Note: notes.text(it.Category, it.Note)})
	}
	return v
}

// noteWords words the notes the vault stores on a certificate's items in
// English ("ledger events stay as pseudonymous entries …"): a note that is
// the English text of docsweep.cert.note.<category> prints in loc's
// language; any other note (an older wording, a practice's own) as stored.
// The sealed certificate keeps its stored note either way.
type noteWords struct{ loc, en *i18n.Localizer }

func (n noteWords) text(c consent.RecordCategory, stored string) string {
	id := "docsweep.cert.note." + string(c)
	if stored == "" || !n.en.Has(id) || n.en.T(id) != stored {
		return stored
	}
	return n.loc.T(id)
}

// certPerson is "name (role)" with the role in loc's language from the
// code (or older English name) the certificate stores; the user id when
// an older certificate has no name.
func certPerson(loc *i18n.Localizer, name, role, userID string) string {
	if name == "" {
		return userID
	}
	if role == "" {
		return name
	}
	return loc.T("htmla.cert.person", "Name", name, "Role", loc.Role(consent.RoleCode(role)))
}

func certDate(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return loc.Date(t)
}

var certificateHTMLTmpl = template.Must(template.New("cert").Funcs(pageHTMLFuncs).Parse(pageHead + `<table class="meta">{{range .Fields}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
<table class="items"><thead><tr><th>{{t "pdfdocs.cert.col.category"}}</th>{{if .Retention}}<th>{{t "htmla.cert.col.record"}}</th>{{end}}<th>{{t "pdfdocs.cert.col.action"}}</th><th>{{t "pdfdocs.cert.col.records"}}</th><th>{{t "pdfdocs.cert.col.basis"}}</th><th>{{t "pdfdocs.cert.col.until"}}</th><th>{{t "pdfdocs.cert.col.source"}}</th><th>{{t "htmla.cert.col.note"}}</th></tr></thead><tbody>
{{range .Items}}<tr><td>{{.Category}}</td>{{if $.Retention}}<td>{{.Record}}</td>{{end}}<td class="{{.ActionCode}}">{{.Action}}</td><td>{{.Records}}</td><td>{{.Basis}}</td><td>{{.Until}}</td><td>{{.Source}}</td><td>{{.Note}}</td></tr>
{{end}}</tbody></table>
<p>{{t "pdfdocs.cert.explain"}}</p>
<p class="seal">{{range .Refs}}{{index . 0}} <code>{{index . 1}}</code> · {{end}}{{.Code}} <code>{{.Seal}}</code></p>
</body></html>
`))
