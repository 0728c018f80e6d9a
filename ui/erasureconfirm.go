package ui

import (
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/consent"
	"custodia/printdoc"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// recordCategoryLabels are what people read for the record categories.
var recordCategoryLabels = map[consent.RecordCategory]string{
	consent.RecIdentity:    "Identity (names, birth date, identifiers)",
	consent.RecContact:     "Contact (address, phone, e-mail)",
	consent.RecClinical:    "Clinical (notes, diagnoses, results)",
	consent.RecBilling:     "Billing (invoices, claims)",
	consent.RecConsents:    "Consents (ledger, scans)",
	consent.RecRequests:    "Data-subject requests",
	consent.RecDisclosures: "Disclosure log",
	consent.RecAudit:       "Audit trail entries",
}

// recordCategoryLabel is the label of a category, or its code when new.
func recordCategoryLabel(c consent.RecordCategory) string {
	if l, ok := recordCategoryLabels[c]; ok {
		return l
	}
	return string(c)
}

// erasureConsequences says per category what executing the plan does,
// destroyed first: "Erased for good: …", "Kept until …: …", "Anonymised: …".
func erasureConsequences(items []consent.PlanItem) []string {
	var erase, anon, keep []string
	for _, it := range items {
		l := recordCategoryLabel(it.Category)
		switch it.Action {
		case consent.ActErase:
			erase = append(erase, "• "+l)
		case consent.ActAnonymise:
			anon = append(anon, "• "+l)
		case consent.ActKeep:
			keep = append(keep, fmt.Sprintf("• %s — until %s (%s)", l, dateText(it.KeepUntil), orDashUI(it.Basis)))
		}
	}
	var out []string
	add := func(head string, lines []string) {
		if len(lines) > 0 {
			out = append(out, head+"\n"+strings.Join(lines, "\n"))
		}
	}
	add("Destroyed for good (cannot be recovered):", erase)
	add("Anonymised (no longer linked to the patient):", anon)
	add("Kept under GDPR Art. 17(3), erased when the period ends:", keep)
	return out
}

// ConfirmExecute asks the final question before the erasure runs: it
// names the patient and lists per category what will be destroyed, kept
// and anonymised. Only "Erase now" executes.
func (e *ErasureDialog) ConfirmExecute() {
	if e.plan == nil || !e.confirm.Checked || e.running {
		return
	}
	who := e.patient.Label()
	if who == "" {
		who = refPerson(e.detail.req.SubjectID).Label()
	}
	text := "You are about to execute the erasure for " + who + ".\n\n" + strings.Join(erasureConsequences(e.plan.Items), "\n\n")
	e.ConfirmText = text
	body := wrapLabel(text)
	d := dialog.NewCustomConfirm("Erase the data of "+who+"?", "Erase now", "Cancel",
		container.New(&fixedWidth{width: 560}, body), func(yes bool) {
			e.Confirmation = nil
			if yes {
				e.Execute()
			}
		}, e.env.app.win)
	d.SetConfirmImportance(widget.DangerImportance)
	e.Confirmation = d
	d.Show()
}

// loadPatient reads the patient's name before anything is erased, for the
// confirmation and the certificate.
func (e *ErasureDialog) loadPatient() {
	loadPerson(e.env, e.detail.req.SubjectID, func(p printdoc.Person) {
		e.patient = p
		e.who.SetText("Patient: " + p.Label())
	})
}

// certificateFileName is "Erasure certificate – Neumann Greta – 2026-12-04.pdf".
func (e *ErasureDialog) certificateFileName(c consent.Certificate) string {
	return pdfFileName("Erasure certificate", e.patient.Name(), c.IssuedAt.In(time.Local))
}

// certificateDoc is what the certificate PDF shows.
func (e *ErasureDialog) certificateDoc(c consent.Certificate) (printdoc.CertificateDoc, error) {
	ctrl, err := e.env.s.Controller()
	if err != nil {
		return printdoc.CertificateDoc{}, err
	}
	return printdoc.CertificateDoc{Cert: c, Controller: ctrl, Patient: e.patient, ApprovedBy: e.env.who(c.ApprovedBy),
		IssuedBy: e.env.who(c.IssuedBy), Category: recordCategoryLabel}, nil
}

// SaveCertificatePDF asks where to save the certificate as PDF.
func (e *ErasureDialog) SaveCertificatePDF() {
	if e.Certificate == nil {
		return
	}
	c := *e.Certificate
	doc, err := e.certificateDoc(c)
	if err != nil {
		e.env.app.showError(err)
		return
	}
	savePDF(e.env.app, e.certificateFileName(c), func(w io.Writer) error { return printdoc.ErasureCertificate(w, doc) }, func(path string) {
		e.summary.SetText(e.summary.Text + "\nSaved to " + path + ".")
	})
}

// certificatePDFButton is the "Save as PDF" button of the certificate.
func (e *ErasureDialog) certificatePDFButton() *widget.Button {
	b := widget.NewButtonWithIcon("Save as PDF…", theme.DocumentPrintIcon(), e.SaveCertificatePDF)
	b.Importance = widget.HighImportance
	return b
}
