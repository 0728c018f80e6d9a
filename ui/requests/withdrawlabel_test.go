package requests

import (
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"
)

// TestWithdrawButtonNamesAnAction: the button that records a requester's
// withdrawal says what it does and that it asks first ("…"), in English
// and German; it read "Zurückgezogen", the state the request ends in.
// The detail needs no more width with it than with the state's short
// word (in the intake row, "Als zurückgezogen erfassen …" and then
// "Rücknahme erfassen …" widened the detail and cut the queue's columns at
// 1200×760).
func TestWithdrawButtonNamesAnAction(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		f, _ := newTestQueue(t, vault.RoleDPO)
		f.env.Loc = i18n.MustLoad().Localizer(lang)
		v := New(f.env, i18n.MustLoad(), f.uc())
		r := f.addRequest(t, "p000002", consent.ReqErasure, consentNow.AddDate(0, 0, -3), "verify")
		v.Activate()
		f.env.Win.SetContent(v.Content())
		v.Show(r.ID)
		d := v.Detail
		text := d.withdraw.Text
		if state := kit.RequestStateLabel(f.env.Loc, consent.StateWithdrawn); strings.EqualFold(strings.TrimSpace(strings.TrimSuffix(text, "…")), state) {
			t.Errorf("%s: the withdraw button reads %q, the state's name", lang, text)
		}
		if !strings.HasSuffix(text, "…") {
			t.Errorf("%s: the withdraw button %q opens a confirmation but has no …", lang, text)
		}
		wide := d.content.MinSize().Width
		d.withdraw.SetText(kit.RequestStateLabel(f.env.Loc, consent.StateWithdrawn)) // the short state word it had
		d.withdraw.SetIcon(nil)
		if short := d.content.MinSize().Width; wide > short+1 {
			t.Errorf("%s: the detail needs %.0f px with %q, %.0f with the state's word: the wording widens it", lang, wide, text, short)
		}
	}
}
