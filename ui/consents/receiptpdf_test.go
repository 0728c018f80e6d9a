package consents

import (
	"html"
	"strings"
	"testing"

	"custodia/printdoc"
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

// The receipt page names the patient (name and birth date) as the PDF
// does, and its file name carries the name.
func TestReceiptPageNamesThePatient(t *testing.T) {
	f, p := newTestPanel(t, vault.RoleFrontDesk)
	p.Select("recall")
	p.OpenGrant()
	p.GrantForm.Submit()
	p.Select("recall")
	before := overlays(f.env)
	test.Tap(p.receipt)
	if overlays(f.env) != before+1 {
		t.Fatal("no save dialog")
	}
	who := p.lastPage.Patient
	if who.Family != "Family" || who.BirthDate.IsZero() {
		t.Fatalf("page names %+v, want the patient's name and birth date", who)
	}
	var sb strings.Builder
	if err := printdoc.ReceiptHTML(&sb, f.env.Loc, p.lastPage); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), html.EscapeString(who.Name())) {
		t.Errorf("page does not name the patient %q", who.Name())
	}
}
