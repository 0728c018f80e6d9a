package consents

import (
	"testing"

	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// overlays counts the dialogs over the window.
func overlays(env *kit.Env) int { return len(env.Win.Canvas().Overlays().List()) }

func TestReceiptAsPDF(t *testing.T) {
	f, p := newTestPanel(t, vault.RoleFrontDesk)
	p.Select("recall")
	if !p.receiptPDF.Disabled() {
		t.Fatal("Receipt as PDF enabled without an active grant")
	}
	p.OpenGrant()
	p.GrantForm.Submit()
	p.Select("recall")
	if p.receiptPDF.Disabled() {
		t.Fatal("Receipt as PDF disabled for an active grant")
	}
	before := overlays(f.env)
	test.Tap(p.receiptPDF)
	if overlays(f.env) != before+1 {
		t.Fatal("no save dialog")
	}
	if want := "Consent receipt – Family Given1 – " + consentNow.Format(kit.DateLayout) + ".pdf"; p.LastPDFName != want {
		t.Errorf("file name %q, want %q", p.LastPDFName, want)
	}
}
