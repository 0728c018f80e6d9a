package requests

import (
	"io"
	"path/filepath"
	"strings"

	"custodia/ui/kit"

	"custodia/printdoc"
	"custodia/vault"
)

// packageName is "Access package – Neumann Greta – 2026-12-04.tar.age".
func (p *PackageDialog) packageName() string {
	return strings.TrimSuffix(kit.PDFFileName(p.env.T("requests.package.title"), p.patient.Name(), p.uc.Now()), ".pdf") + ".tar.age"
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
	loc := p.env.Loc
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

// saveCoverLetterPDF saves the cover letter explaining how to open the
// package as PDF.
func (p *PackageDialog) saveCoverLetterPDF() {
	l, err := p.coverLetter()
	if err != nil {
		p.env.ShowError(err)
		return
	}
	p.LastPDFName = kit.PDFFileName(p.env.T("requests.package.cover.file"), p.patient.Name(), l.Issued)
	kit.SavePDF(p.env, p.LastPDFName, func(w io.Writer) error { return printdoc.AccessCoverLetter(w, l) }, func(path string) {
		p.status.SetText(p.env.Loc.T("erasure.savedto", "Path", path))
	})
}
