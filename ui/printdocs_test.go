package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/printdoc"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// overlays counts the dialogs over the window.
func overlays(f *consentFixture) int { return len(f.win.Canvas().Overlays().List()) }

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
	before := overlays(f)
	test.Tap(p.receiptPDF)
	if overlays(f) != before+1 {
		t.Fatal("no save dialog")
	}
	if want := "Consent receipt – Family Given1 – " + consentNow.Format(kit.DateLayout) + ".pdf"; p.LastPDFName != want {
		t.Errorf("file name %q, want %q", p.LastPDFName, want)
	}
}

func TestBreachNoticesAsPDF(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	g := newGovernanceView(f.app, f.cs)
	g.ShowBreaches()
	v := g.Breaches
	ctx := context.Background()
	b := consent.Breach{ID: consent.NewID(), AwareAt: consentNow.Add(-5 * time.Hour), RecordedBy: "u-dpo", Nature: []string{"confidentiality"},
		Description: "Laptop gestohlen", Consequences: "unknown", Measures: "Gerät gesperrt", Risk: consent.RiskHigh}
	if _, err := f.cs.store.PutBreach(ctx, b); err != nil {
		t.Fatal(err)
	}
	v.Reload()
	v.SelectRow(0)
	if v.NoticePDFButton().Disabled() || !v.LetterPDFButton().Disabled() {
		t.Fatalf("undecided breach: notice PDF disabled %v, letter PDF disabled %v", v.NoticePDFButton().Disabled(), v.LetterPDFButton().Disabled())
	}
	before := overlays(f)
	test.Tap(v.NoticePDFButton())
	if overlays(f) != before+1 {
		t.Fatal("no save dialog for the authority notice")
	}
	want := "Breach notification to the authority – aware " + b.AwareAt.In(time.Local).Format(kit.DateLayout) + " – " + consentNow.Format(kit.DateLayout) + ".pdf"
	if v.LastPDFName != want {
		t.Errorf("file name %q, want %q", v.LastPDFName, want)
	}
	b, _ = v.Breach(0)
	b.SubjectsDecision = consent.SubjNotify
	if _, err := f.cs.store.PutBreach(ctx, b); err != nil {
		t.Fatal(err)
	}
	v.Reload()
	v.SelectRow(0)
	if v.LetterPDFButton().Disabled() {
		t.Fatal("letter to patients disabled although the decision is to notify")
	}
	test.Tap(v.LetterPDFButton())
	if !strings.HasPrefix(v.LastPDFName, "Breach letter to patients – aware ") {
		t.Errorf("letter file name %q", v.LastPDFName)
	}
}

func TestAccessPackageCoverLetter(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000008", consent.ReqAccess, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.activate()
	v.Show(r.ID)
	v.Detail.Complete()
	p := v.Detail.Package
	day := consentNow.Format(kit.DateLayout)
	if got, want := p.packageName(), "Access package – Family Given8 – "+day+".tar.age"; got != want {
		t.Errorf("package name %q, want %q", got, want)
	}
	before := overlays(f)
	test.Tap(p.cover)
	if overlays(f) != before+1 {
		t.Fatal("no save dialog for the cover letter")
	}
	if want := "Access package cover letter – Family Given8 – " + day + ".pdf"; p.LastPDFName != want {
		t.Errorf("cover letter %q, want %q", p.LastPDFName, want)
	}
	l, err := p.coverLetter()
	if err != nil {
		t.Fatal(err)
	}
	if l.Patient.Name() != "Family Given8" || l.FileName != p.packageName() || len(l.Files) != 4 || l.RequestType != consent.ReqAccess || l.Loc == nil {
		t.Errorf("cover letter %+v", l)
	}
	var buf bytes.Buffer
	if err := printdoc.AccessCoverLetter(&buf, l); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Errorf("cover letter PDF: %v", err)
	}
}
