package requests

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"custodia/consent"
	"custodia/ui/kit"
	"custodia/vault"
)

// erasureReady opens the erasure dialog of a planned request with the
// review box ticked.
func erasureReady(t *testing.T) (*fixture, *ErasureDialog) {
	t.Helper()
	f, v := newTestQueue(t, vault.RoleDPO)
	f.cs.Facts = consent.ErasureFacts{Present: []consent.RecordCategory{consent.RecIdentity, consent.RecContact,
		consent.RecClinical, consent.RecConsents}, Triggers: map[consent.Trigger]time.Time{consent.TriggerCreated: consentNow.AddDate(-5, 0, 0)}}
	r := f.addRequest(t, "p000007", consent.ReqErasure, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	e := v.Detail.Erasure
	e.SetLastTreatment("2024-05-02")
	e.Plan()
	e.Confirm(true)
	if !e.canExecute() {
		t.Fatalf("not ready to execute: %q", e.Problem())
	}
	return f, e
}

func TestErasureAsksAFinalConfirmationNamingThePatient(t *testing.T) {
	f, e := erasureReady(t)
	test.Tap(e.execute)
	if e.Confirmation == nil {
		t.Fatal("Execute erasure ran without a final confirmation")
	}
	if len(f.cs.Executed) != 0 {
		t.Fatal("executed before the final confirmation")
	}
	text := e.ConfirmText
	if !strings.Contains(text, "Family, Given7") || !strings.Contains(text, "born 8 Jan 1957") {
		t.Errorf("confirmation does not name the patient:\n%s", text)
	}
	if strings.Contains(text, "p000007") {
		t.Error("confirmation shows the patient id")
	}
	for _, it := range e.Items() {
		if !strings.Contains(text, recordCategoryLabel(testLoc(), it.Category)) {
			t.Errorf("confirmation does not list %s", it.Category)
		}
	}
	destroyed, _, _ := strings.Cut(strings.SplitN(text, "Destroyed for good", 2)[1], "\n\n")
	for _, it := range e.Items() {
		if in := strings.Contains(destroyed, recordCategoryLabel(testLoc(), it.Category)); in != (it.Action == consent.ActErase) {
			t.Errorf("%s (%s) listed as destroyed: %v", it.Category, it.Action, in)
		}
	}
	e.Confirmation.Dismiss() // Cancel
	if len(f.cs.Executed) != 0 {
		t.Fatal("Cancel executed the erasure")
	}
	test.Tap(e.execute)
	e.Confirmation.Confirm()
	if len(f.cs.Executed) != 1 || e.Certificate == nil {
		t.Fatalf("Erase now did not execute: %+v", f.cs.Executed)
	}
	if got, want := e.certificateFileName(*e.Certificate), "Erasure certificate – Family Given7 – "+consentNow.Format(kit.DateLayout)+".pdf"; got != want {
		t.Errorf("certificate file %q, want %q", got, want)
	}
	doc, err := e.certificateDoc(*e.Certificate)
	if err != nil || doc.Patient.Name() != "Family Given7" {
		t.Errorf("certificate PDF patient %+v, %v", doc.Patient, err)
	}
	var page strings.Builder
	if err := e.certificateHTML(*e.Certificate)(&page); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), "Family Given7") || strings.Contains(page.String(), e.detail.req.SubjectID) {
		t.Errorf("certificate page does not name the patient as the PDF does")
	}
	before := len(f.env.Win.Canvas().Overlays().List())
	e.saveCertificatePDF()
	if len(f.env.Win.Canvas().Overlays().List()) != before+1 {
		t.Error("Save as PDF opened no file dialog")
	}
}
