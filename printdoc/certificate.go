package printdoc

import (
	"fmt"
	"io"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// CertificateDoc is an erasure (or retention deletion) certificate with
// the names to print: the patient and the users who approved and issued.
type CertificateDoc struct {
	Cert       consent.Certificate
	Controller consent.Controller
	Patient    Person // zero for a retention batch
	ApprovedBy string // user name shown for Cert.ApprovedBy
	IssuedBy   string // user name shown for Cert.IssuedBy
	// Category gives a category's label; nil prints the code.
	Category func(consent.RecordCategory) string
	// Source words a stored legal source in the reader's language
	// (app.LegalSourceText); nil prints it as stored.
	Source func(stored string) string
	// Loc words the certificate (the user's language); nil: English.
	Loc *i18n.Localizer
}

// ErasureCertificate writes the certificate: what was erased, what is
// kept (with the Art. 17(3) basis and until when) and what was anonymised,
// per record category, with the seal that detects later changes.
func ErasureCertificate(w io.Writer, d CertificateDoc) error {
	p, err := certificatePage(d)
	if err != nil {
		return err
	}
	return p.output(w)
}

func certificatePage(d CertificateDoc) (*page, error) {
	c := d.Cert
	if err := c.Verify(); err != nil {
		return nil, fmt.Errorf("printdoc: %w", err)
	}
	loc := english(d.Loc)
	title := loc.T("pdfdocs.cert.title")
	if c.Kind == "retention" {
		title = loc.T("pdfdocs.cert.title.retention")
	}
	p := newPage(loc, title, certificateFooter(loc, c, d.Patient), c.IssuedAt)
	p.title(title)
	pairs := [][2]string{{loc.T("pdfdocs.cert.controller"), joinNonEmpty(", ", d.Controller.Name, d.Controller.Address, countryName(loc, d.Controller.Country))}}
	if c.SubjectID != "" {
		pairs = append(pairs, [2]string{loc.T("pdfdocs.cert.patient"), personLabel(loc, d.Patient)})
	}
	pairs = append(pairs,
		[2]string{loc.T("pdfdocs.cert.approved"), joinNonEmpty(", ", orDash(d.ApprovedBy), locTime(loc, c.ApprovedAt))},
		[2]string{loc.T("pdfdocs.cert.issued"), joinNonEmpty(", ", orDash(d.IssuedBy), locTime(loc, c.IssuedAt))},
		[2]string{loc.T("pdfdocs.cert.result"), loc.T("pdfdocs.cert.result.text", "Erased", loc.Int(c.Count(consent.ActErase)),
			"Kept", loc.Int(c.Count(consent.ActKeep)), "Anonymised", loc.Int(c.Count(consent.ActAnonymise)))})
	p.fields(pairs)
	rows := make([][]string, len(c.Items))
	for i, it := range c.Items {
		until := ""
		if !it.KeepUntil.IsZero() {
			until = loc.Date(it.KeepUntil)
		}
		rows[i] = []string{d.label(it.Category), actionText(loc, it.Action), loc.Int(it.Records), orDash(basisText(loc, it.Basis)), orDash(until), orDash(d.source(it.LegalSource))}
	}
	p.table(certificateColumns, []string{loc.T("pdfdocs.cert.col.category"), loc.T("pdfdocs.cert.col.action"),
		loc.T("pdfdocs.cert.col.records"), loc.T("pdfdocs.cert.col.basis"), loc.T("pdfdocs.cert.col.until"), loc.T("pdfdocs.cert.col.source")}, rows)
	p.para(loc.T("pdfdocs.cert.explain"))
	p.small(loc.T("pdfdocs.cert.seal", "ID", c.ID, "Seal", c.SHA256))
	return p, nil
}

// certificateFooter is "Erasure certificate – Family Given – date"; a
// retention batch, about no one patient, has its own title and no name.
func certificateFooter(loc *i18n.Localizer, c consent.Certificate, who Person) string {
	if c.Kind == "retention" || who.Name() == "" {
		title := loc.T("pdfdocs.cert.title")
		if c.Kind == "retention" {
			title = loc.T("pdfdocs.cert.title.retention")
		}
		return joinNonEmpty(" – ", title, who.Name(), loc.Date(c.IssuedAt))
	}
	return loc.T("pdfdocs.cert.footer", "Name", who.Name(), "Date", loc.Date(c.IssuedAt))
}

// certificateColumns are the relative widths of the certificate's table:
// wide enough for the German headings and actions ("Maßnahme",
// "Datensätze", "aufbewahrt") to stay whole words.
var certificateColumns = []float64{16, 15, 14, 20, 14, 21}

// basisText words the stored Art. 17(3) basis in the reader's language
// (as app.KeptBasisText does); any other text is printed as stored.
func basisText(loc *i18n.Localizer, stored string) string {
	if point, ok := consent.ExceptionPoint(stored); ok {
		return loc.T("retentiontext.art173", "Point", point)
	}
	return stored
}

func (d CertificateDoc) source(stored string) string {
	if d.Source == nil || stored == "" {
		return stored
	}
	return d.Source(stored)
}

func (d CertificateDoc) label(c consent.RecordCategory) string {
	if d.Category != nil {
		if l := d.Category(c); l != "" {
			return l
		}
	}
	return string(c)
}

func actionText(loc *i18n.Localizer, a consent.Action) string {
	if id := "pdfdocs.cert.action." + string(a); loc.Has(id) {
		return loc.T(id)
	}
	return string(a)
}

// locTime is a time in the reader's language with its zone; "" for zero.
func locTime(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return loc.DateTime(t) + " " + t.Format("MST")
}
