package ui

import (
	"custodia/ui/kit"
	"io"
	"path/filepath"
	"strings"
	"time"

	"custodia/consent"
	"custodia/printdoc"
	"custodia/vault"
)

// SaveReceiptPDF saves the consent receipt of the selected grant as PDF,
// named after the patient and the day the consent was given.
func (p *ConsentPanel) SaveReceiptPDF() {
	rc, err := p.Receipt()
	if err != nil {
		p.app.env.ShowError(err)
		return
	}
	kit.LoadPerson(p.app.env, p.uc, p.patientID, func(who printdoc.Person) {
		given := time.Unix(rc.ConsentTimestamp, 0).In(time.Local)
		p.LastPDFName = kit.PDFFileName(p.app.T("consent.receipt.file"), who.Name(), given)
		// The receipt speaks the language of the consent text shown and
		// prints that exact text (the version the grant points to).
		doc := printdoc.ReceiptDoc{Receipt: rc, Patient: who, Loc: p.app.opts.Catalog.Localizer(rc.Language)}
		if r, ok := p.Selected(); ok && r.ActiveGrant != nil && r.ActiveGrant.TextVersion > 0 {
			g := r.ActiveGrant
			if t, ok := p.ledger.Catalogue.Text(g.PurposeID, g.TextLanguage, g.TextVersion); ok {
				doc.Texts = []consent.Text{t}
			}
		}
		kit.SavePDF(p.app.env, p.LastPDFName, func(w io.Writer) error { return printdoc.ConsentReceipt(w, doc) }, func(path string) {
			p.status.SetText(p.app.env.Loc.T("erasure.savedto", "Path", path))
		})
	})
}

// packageName is "Access package – Neumann Greta – 2026-12-04.tar.age".
func (p *PackageDialog) packageName() string {
	return strings.TrimSuffix(kit.PDFFileName(p.app.T("requests.package.title"), p.patient.Name(), p.uc.Now()), ".pdf") + ".tar.age"
}

// coverLetter is the letter that goes with the package, in the language
// chosen for the patient's documents.
func (p *PackageDialog) coverLetter() (printdoc.CoverLetter, error) {
	ctrl, err := p.uc.Controller()
	if err != nil {
		return printdoc.CoverLetter{}, err
	}
	name := p.packageName()
	if p.Written != "" {
		name = filepath.Base(p.Written)
	}
	r := p.detail.req
	loc := p.app.env.Loc
	if p.Protected != nil {
		loc = p.Protected.cat.Localizer(p.Protected.Language())
	}
	return printdoc.CoverLetter{Controller: ctrl, Patient: p.patient, RequestType: r.Type, Received: r.ReceivedAt,
		Issued: p.uc.Now(), FileName: name, Loc: loc, Files: []printdoc.PackageFile{
			{Name: vault.AccessFileHTML, What: printdoc.CoverFileText(loc, "html")},
			{Name: vault.AccessFileJSON, What: printdoc.CoverFileText(loc, "json")},
			{Name: vault.AccessFileRecordCSV, What: printdoc.CoverFileText(loc, "csv")},
			{Name: vault.AccessFileDisclosures, What: printdoc.CoverFileText(loc, "disclosures")},
		}}, nil
}

// SaveCoverLetterPDF saves the cover letter explaining how to open the
// package as PDF.
func (p *PackageDialog) SaveCoverLetterPDF() {
	l, err := p.coverLetter()
	if err != nil {
		p.app.env.ShowError(err)
		return
	}
	p.LastPDFName = kit.PDFFileName(p.app.T("requests.package.cover.file"), p.patient.Name(), l.Issued)
	kit.SavePDF(p.app.env, p.LastPDFName, func(w io.Writer) error { return printdoc.AccessCoverLetter(w, l) }, func(path string) {
		p.status.SetText(p.app.env.Loc.T("erasure.savedto", "Path", path))
	})
}
