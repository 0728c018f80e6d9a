package requests

import (
	"io"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/i18n"
	"custodia/ui/kit"

	"custodia/consent"
	"custodia/printdoc"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// recordCategoryLabel says what a record category holds.
func recordCategoryLabel(loc *i18n.Localizer, c consent.RecordCategory) string {
	return usecase.CertificateCategoryText(loc, c)
}

// erasureConsequences says per category what executing the plan does,
// destroyed first: "Erased for good: …", "Kept until …: …", "Anonymised: …".
func erasureConsequences(loc *i18n.Localizer, items []consent.PlanItem) []string {
	var erase, anon, keep []string
	for _, it := range items {
		l := recordCategoryLabel(loc, it.Category)
		switch it.Action {
		case consent.ActErase:
			erase = append(erase, "• "+l)
		case consent.ActAnonymise:
			anon = append(anon, "• "+l)
		case consent.ActKeep:
			keep = append(keep, loc.T("erasure.keepline", "Category", l, "Date", kit.DateText(loc, it.KeepUntil), "Basis", kit.OrDash(usecase.KeptBasisText(loc, it.Basis))))
		}
	}
	var out []string
	add := func(head string, lines []string) {
		if len(lines) > 0 {
			out = append(out, head+"\n"+strings.Join(lines, "\n"))
		}
	}
	add(loc.T("erasure.head.erase"), erase)
	add(loc.T("erasure.head.anon"), anon)
	add(loc.T("erasure.head.keep"), keep)
	return out
}

// ConfirmExecute asks the final question before the erasure runs: it
// names the patient and lists per category what will be destroyed, kept
// and anonymised. Only "Erase now" executes.
func (e *ErasureDialog) ConfirmExecute() {
	if e.plan == nil || !e.confirm.Checked || e.running {
		return
	}
	loc := e.env.Loc
	who := kit.PersonLabel(loc, e.patient)
	if who == "" {
		who = kit.PersonLabel(loc, kit.RefPerson(loc, e.detail.req.SubjectID))
	}
	text := loc.T("erasure.confirm.text", "Name", who) + "\n\n" + strings.Join(erasureConsequences(loc, e.plan.Items), "\n\n")
	e.ConfirmText = text
	body := kit.WrapLabel(text)
	d := dialog.NewCustomConfirm(loc.T("erasure.confirm.title", "Name", who), loc.T("erasure.confirm.ok"), loc.T("common.cancel"),
		container.New(&kit.FixedWidth{Width: 560}, body), func(yes bool) {
			e.Confirmation = nil
			if yes {
				e.Execute()
			}
		}, e.env.Win)
	d.SetConfirmImportance(widget.DangerImportance)
	e.Confirmation = d
	d.Show()
}

// loadPatient reads the patient's name before anything is erased, for the
// confirmation and the certificate.
func (e *ErasureDialog) loadPatient() {
	kit.LoadPerson(e.env, e.uc, e.detail.req.SubjectID, func(p printdoc.Person) {
		e.patient = p
		e.who.SetText(e.env.Loc.T("erasure.patient", "Name", kit.PersonLabel(e.env.Loc, p)))
	})
}

// certificateFileName is "Erasure certificate – Neumann Greta – 2026-12-04.pdf".
func (e *ErasureDialog) certificateFileName(c consent.Certificate) string {
	return kit.PDFFileName(e.env.T("erasure.certificate.file"), e.patient.Name(), c.IssuedAt.In(time.Local))
}

// certificateDoc is what the certificate PDF shows.
func (e *ErasureDialog) certificateDoc(c consent.Certificate) (printdoc.CertificateDoc, error) {
	ctrl, err := e.uc.Controller()
	if err != nil {
		return printdoc.CertificateDoc{}, err
	}
	return printdoc.CertificateDoc{Cert: c, Controller: ctrl, Patient: e.patient, ApprovedBy: e.env.Who(c.ApprovedBy),
		IssuedBy: e.env.Who(c.IssuedBy), Category: func(c consent.RecordCategory) string { return recordCategoryLabel(e.env.Loc, c) },
		Source: func(s string) string { return usecase.LegalSourceText(e.env.Loc, "", s) }, Loc: e.env.Loc}, nil
}

// certificateHTML writes the certificate page naming the patient as the
// PDF does (read before the erasure) and the request by type and date.
func (e *ErasureDialog) certificateHTML(c consent.Certificate) func(io.Writer) error {
	names := usecase.CertificateNames{Patient: e.patient, Request: usecase.RequestText(e.env.Loc, e.detail.req)}
	return usecase.CertificateHTMLFor(c, e.env.Loc, names)
}

// saveCertificatePDF asks where to save the certificate as PDF.
func (e *ErasureDialog) saveCertificatePDF() {
	if e.Certificate == nil {
		return
	}
	c := *e.Certificate
	doc, err := e.certificateDoc(c)
	if err != nil {
		e.env.ShowError(err)
		return
	}
	kit.SavePDF(e.env, e.certificateFileName(c), func(w io.Writer) error { return printdoc.ErasureCertificate(w, doc) }, func(path string) {
		e.summary.SetText(e.summary.Text + "\n" + e.env.Loc.T("erasure.savedto", "Path", path))
	})
}

// certificatePDFButton is the "Save as PDF" button of the certificate.
func (e *ErasureDialog) certificatePDFButton() *widget.Button {
	b := widget.NewButtonWithIcon(e.env.Loc.T("erasure.savepdf"), theme.DocumentPrintIcon(), e.saveCertificatePDF)
	b.Importance = widget.HighImportance
	return b
}

// CertificateFileName is the certificate's proposed file name, "" before
// the erasure ran.
func (e *ErasureDialog) CertificateFileName() string {
	if e.Certificate == nil {
		return ""
	}
	return e.certificateFileName(*e.Certificate)
}

// PatientName is the erased patient's name as the documents print it.
func (e *ErasureDialog) PatientName() string { return e.patient.Name() }
