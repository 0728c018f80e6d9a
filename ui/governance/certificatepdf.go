package governance

import (
	"io"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/printdoc"
	"custodia/ui/kit"
)

// certificateDoc is what the retention batch's deletion certificate PDF
// shows: the users by name, the categories by label and each legal source
// in the reader's language (app.LegalSourceText), like the erasure
// certificate of ui/requests.
func (v *RetentionView) certificateDoc(c consent.Certificate) (printdoc.CertificateDoc, error) {
	ctrl, err := v.uc.Controller()
	if err != nil {
		return printdoc.CertificateDoc{}, err
	}
	loc := v.env.Loc
	return printdoc.CertificateDoc{Cert: c, Controller: ctrl, ApprovedBy: v.env.Who(c.ApprovedBy), IssuedBy: v.env.Who(c.IssuedBy),
		Category: func(c consent.RecordCategory) string { return usecase.CertificateCategoryText(loc, c) },
		Source:   func(s string) string { return usecase.LegalSourceText(loc, "", s) }, Loc: loc}, nil
}

// saveCertificatePDF offers the batch's deletion certificate as PDF.
func (v *RetentionView) saveCertificatePDF(c consent.Certificate) {
	doc, err := v.certificateDoc(c)
	if err != nil {
		v.env.ShowError(err)
		return
	}
	name := kit.PDFFileName(v.env.T("governance.certificate.file"), "", c.IssuedAt.In(time.Local))
	kit.SavePDF(v.env, name, func(w io.Writer) error { return printdoc.ErasureCertificate(w, doc) }, nil)
}
