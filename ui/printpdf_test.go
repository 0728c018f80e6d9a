package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
