package consents

import (
	"io"
	"time"

	"custodia/consent"
	"custodia/printdoc"
	"custodia/ui/kit"
)

// saveReceiptPDF saves the consent receipt of the selected grant as PDF,
// named after the patient and the day the consent was given.
func (p *Panel) saveReceiptPDF() {
	rc, err := p.Receipt()
	if err != nil {
		p.env.ShowError(err)
		return
	}
	kit.LoadPerson(p.env, p.uc, p.patientID, func(who printdoc.Person) {
		given := time.Unix(rc.ConsentTimestamp, 0).In(time.Local)
		p.LastPDFName = kit.PDFFileName(p.env.T("consent.receipt.file"), who.Name(), given)
		// The receipt speaks the language of the consent text shown and
		// prints that exact text (the version the grant points to).
		// It words purposes, method and period from the grant's codes.
		doc := printdoc.ReceiptDoc{Receipt: rc, Patient: who, Loc: p.cat.Localizer(rc.Language), Catalogue: p.ledger.Catalogue}
		if r, ok := p.Selected(); ok && r.ActiveGrant != nil {
			g := r.ActiveGrant
			doc.Grants = []consent.Event{*g}
			if t, ok := p.ledger.Catalogue.Text(g.PurposeID, g.TextLanguage, g.TextVersion); ok && g.TextVersion > 0 {
				doc.Texts = []consent.Text{t}
			}
		}
		kit.SavePDF(p.env, p.LastPDFName, func(w io.Writer) error { return printdoc.ConsentReceipt(w, doc) }, func(path string) {
			p.setStatus(p.env.Loc.T("erasure.savedto", "Path", path))
		})
	})
}
