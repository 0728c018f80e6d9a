package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// overlays counts the dialogs over the window.
func overlays(f *consentFixture) int { return len(f.win.Canvas().Overlays().List()) }

func TestBreachNoticesAsPDF(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	g := newGovernanceView(f.app, f.cs)
	g.ShowBreaches()
	v := g.Breaches
	ctx := context.Background()
	b := consent.Breach{ID: consent.NewID(), AwareAt: consentNow.Add(-5 * time.Hour), RecordedBy: "u-dpo", Nature: []string{"confidentiality"},
		Description: "Laptop gestohlen", Consequences: "unknown", Measures: "Gerät gesperrt", Risk: consent.RiskHigh}
	if _, err := f.cs.Store.PutBreach(ctx, b); err != nil {
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
	if _, err := f.cs.Store.PutBreach(ctx, b); err != nil {
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
