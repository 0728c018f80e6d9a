package requests

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// TestErasurePlanAndCertificateLegalSourcesInGerman: in the German
// interface the erasure dialog's plan and the certificate after it word
// each shipped rule's legal source in German (the wording of the
// retention rules, app.LegalSourceText), never the stored English.
func TestErasurePlanAndCertificateLegalSourcesInGerman(t *testing.T) {
	f, _ := newTestQueue(t, vault.RoleDPO)
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	f.env.Loc = de
	v := New(f.env, cat, f.uc())
	f.cs.Facts = consent.ErasureFacts{Present: []consent.RecordCategory{consent.RecIdentity, consent.RecContact,
		consent.RecClinical, consent.RecConsents}, Triggers: map[consent.Trigger]time.Time{consent.TriggerCreated: consentNow.AddDate(-5, 0, 0)}}
	r := f.addRequest(t, "p000007", consent.ReqErasure, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	e := v.Detail.Erasure
	e.SetLastTreatment(de.Date(time.Date(2024, 5, 2, 0, 0, 0, 0, time.Local)))
	e.Plan()
	if len(e.Items()) == 0 {
		t.Fatalf("no plan: %q", e.Problem())
	}
	sources := func(what string) {
		t.Helper()
		checked := 0
		for i, row := range e.items.rows {
			it := e.Items()[i]
			if it.RuleID == "" || it.LegalSource == "" {
				continue
			}
			want := de.T(i18n.LegalSourceID(it.RuleID))
			if want == en.T(i18n.LegalSourceID(it.RuleID)) {
				t.Fatalf("%s has no German source", it.RuleID)
			}
			if row.Source != want || strings.Contains(row.Source, it.LegalSource) {
				t.Errorf("%s: %s source %q, want %q", what, it.Category, row.Source, want)
			}
			checked++
		}
		if checked == 0 {
			t.Fatalf("%s: no category with a shipped legal source", what)
		}
	}
	sources("plan")
	e.Confirm(true)
	test.Tap(e.execute)
	e.Confirmation.Confirm()
	if e.Certificate == nil {
		t.Fatalf("not executed: %q", e.Problem())
	}
	sources("certificate")
	doc, err := e.certificateDoc(*e.Certificate)
	if err != nil || doc.Source == nil {
		t.Fatalf("certificate PDF words no source: %v", err)
	}
	for _, it := range e.Items() {
		if it.RuleID != "" && it.LegalSource != "" && doc.Source(it.LegalSource) != de.T(i18n.LegalSourceID(it.RuleID)) {
			t.Errorf("certificate PDF: %s source %q", it.Category, doc.Source(it.LegalSource))
		}
	}
}
