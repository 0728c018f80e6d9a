package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

const testRecoveryCode = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"

func TestRecoveryScreenPrintsThroughAPrivateTempFile(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	f.app.env.Now = func() time.Time { return time.Date(2026, 12, 4, 9, 0, 0, 0, time.Local) }
	r := newRecoveryView(f.app, "/v", "admin", testRecoveryCode)
	f.app.setContent(r.content)
	f.app.recovery = r
	if got, want := r.Sheet.fileName(), "Recovery sheet – v – 2026-12-04.pdf"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
	test.Tap(r.Sheet.print)
	if len(r.Sheet.TempFiles) != 1 {
		t.Fatalf("print wrote %d temporary files", len(r.Sheet.TempFiles))
	}
	path := r.Sheet.TempFiles[0]
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("temporary PDF mode %v, want readable by the user only", st.Mode().Perm())
	}
	if dst, err := os.Stat(filepath.Dir(path)); err != nil || dst.Mode().Perm() != 0o700 {
		t.Errorf("temporary folder: %v %v, want mode 0700", dst.Mode().Perm(), err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "%PDF-") {
		t.Error("temporary file is not a PDF")
	}
	r.stored.SetChecked(true)
	test.Tap(r.next)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("temporary recovery PDF still there after Continue: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Error("temporary folder still there after Continue")
	}
}

func TestRecoveryScreenSaveAsPDFOpensASaveDialog(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	r := newRecoveryView(f.app, "/v", "admin", testRecoveryCode)
	f.app.setContent(r.content)
	before := len(f.win.Canvas().Overlays().List())
	test.Tap(r.Sheet.save)
	if len(f.win.Canvas().Overlays().List()) != before+1 {
		t.Fatal("Save as PDF opened no file dialog")
	}
}

func TestPDFFileNamesUseNamesAndDates(t *testing.T) {
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.Local)
	if got, want := kit.PDFFileName("Erasure certificate", "Neumann Greta", day), "Erasure certificate – Neumann Greta – 2026-12-04.pdf"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got := kit.PDFFileName("Consent receipt", "a/b:c", day); strings.ContainsAny(got, `/:`) {
		t.Errorf("unsafe file name %q", got)
	}
}

// erasureReady opens the erasure dialog of a planned request with the
// review box ticked.
func erasureReady(t *testing.T) (*consentFixture, *ErasureDialog) {
	t.Helper()
	f, v := newTestQueue(t, vault.RoleDPO)
	f.cs.facts = consent.ErasureFacts{Present: []consent.RecordCategory{consent.RecIdentity, consent.RecContact,
		consent.RecClinical, consent.RecConsents}, Triggers: map[consent.Trigger]time.Time{consent.TriggerCreated: consentNow.AddDate(-5, 0, 0)}}
	r := f.addRequest(t, "p000007", consent.ReqErasure, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.activate()
	v.Show(r.ID)
	v.Detail.Complete()
	e := v.Detail.Erasure
	e.SetLastTreatment("2024-05-02")
	e.Plan()
	e.Confirm(true)
	if !e.CanExecute() {
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
	if len(f.cs.executed) != 0 {
		t.Fatal("executed before the final confirmation")
	}
	text := e.ConfirmText
	if !strings.Contains(text, "Family Given7") || !strings.Contains(text, "born 8 Jan 1957") {
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
	if len(f.cs.executed) != 0 {
		t.Fatal("Cancel executed the erasure")
	}
	test.Tap(e.execute)
	e.Confirmation.Confirm()
	if len(f.cs.executed) != 1 || e.Certificate == nil {
		t.Fatalf("Erase now did not execute: %+v", f.cs.executed)
	}
	if got, want := e.certificateFileName(*e.Certificate), "Erasure certificate – Family Given7 – "+consentNow.Format(kit.DateLayout)+".pdf"; got != want {
		t.Errorf("certificate file %q, want %q", got, want)
	}
	doc, err := e.certificateDoc(*e.Certificate)
	if err != nil || doc.Patient.Name() != "Family Given7" {
		t.Errorf("certificate PDF patient %+v, %v", doc.Patient, err)
	}
	before := len(f.win.Canvas().Overlays().List())
	e.SaveCertificatePDF()
	if len(f.win.Canvas().Overlays().List()) != before+1 {
		t.Error("Save as PDF opened no file dialog")
	}
}

func TestRecoveryPrintWithoutViewerLeavesNoFile(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	r := newRecoveryView(f.app, "/v", "admin", testRecoveryCode)
	f.app.setContent(r.content)
	var opened string
	r.Sheet.open = func(path string) error { opened = path; return os.ErrNotExist }
	test.Tap(r.Sheet.print)
	if opened == "" {
		t.Fatal("the viewer was not asked to open the sheet")
	}
	if _, err := os.Stat(opened); !os.IsNotExist(err) {
		t.Errorf("temporary PDF left behind after the viewer failed: %v", err)
	}
	if len(r.Sheet.TempFiles) != 0 || !strings.Contains(r.Sheet.status.Text, "Save as PDF") || len(f.win.Canvas().Overlays().List()) != 0 {
		t.Errorf("status %q, %d dialogs", r.Sheet.status.Text, len(f.win.Canvas().Overlays().List()))
	}
}
