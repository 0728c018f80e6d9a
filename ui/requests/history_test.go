package requests

import (
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"
)

// The history's detail column names the request type, the channel and
// the identity check by their labels, never by the stored codes.
func TestHistoryDetailWorded(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000005", consent.ReqAccess, consentNow.AddDate(0, 0, -2))
	v.Activate()
	v.Show(r.ID)
	d := v.Detail
	d.Verify(consent.VerifyIDDocument, true)
	loc := d.env.Loc
	created, verified := d.history.Step(0).Detail, d.history.Step(1).Detail
	for _, c := range []struct{ cell, want string }{{created, loc.Label("request", "access", "")},
		{created, loc.Label("channel", consent.ChannelLetter, "")}, {verified, loc.Label("verify", consent.VerifyIDDocument, "")}} {
		if !strings.Contains(c.cell, c.want) {
			t.Errorf("history detail %q lacks %q", c.cell, c.want)
		}
	}
	if strings.Contains(created, " via ") || strings.Contains(verified, "verified=") {
		t.Errorf("history shows stored codes: %q, %q", created, verified)
	}
}

// TestHistoryListInGerman: each step of the history is drawn as its time
// and step, the states it moved between and who, and its detail, all in
// German and in the pane (a list, not a table wider than the pane).
func TestHistoryListInGerman(t *testing.T) {
	f, _ := newTestQueue(t, vault.RoleDPO)
	de := i18n.MustLoad().Localizer("de")
	f.env.Loc = de
	v := New(f.env, i18n.MustLoad(), f.uc())
	r := f.addRequest(t, synthPatient(1).ID, consent.ReqAccess, receivedFor(-2))
	v.Activate()
	f.env.Win.SetContent(v.Content())
	v.Show(r.ID)
	d := v.Detail
	d.Verify(consent.VerifyIDDocument, true)
	if d.history.Len() < 2 {
		t.Fatalf("history has %d steps, want intake and verification", d.history.Len())
	}
	s := d.history.Step(1)
	want := []string{s.When + " · " + s.Step, de.T("requests.history.moved", "FromTo", s.FromTo, "Who", s.Who),
		kit.RequestStateLabel(de, consent.StateReceived) + " › " + kit.RequestStateLabel(de, consent.StateVerifying), "von "}
	uitest.CheckShown(t, "history", d.history.box, want, []string{"received", "verifying"})
	uitest.AssertFits(t, f.env.Win, "request detail")
	uitest.AssertTablesFit(t, f.env.Win, "request detail")
}

// The intake, which has no state before it, reads "Received · by …", not
// "— → Received"; later steps name both states.
func TestHistoryIntakeHasNoEmptyFromState(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000005", consent.ReqAccess, consentNow.AddDate(0, 0, -2))
	v.Activate()
	v.Show(r.ID)
	d := v.Detail
	d.Verify(consent.VerifyIDDocument, true)
	loc := d.env.Loc
	if got, want := d.history.Step(0).FromTo, kit.RequestStateLabel(loc, consent.StateReceived); got != want {
		t.Errorf("intake step moved %q, want %q", got, want)
	}
	if got := d.history.Step(1).FromTo; got != loc.T("requests.history.fromTo", "From", kit.RequestStateLabel(loc, consent.StateReceived), "To", kit.RequestStateLabel(loc, consent.StateVerifying)) {
		t.Errorf("verification step moved %q, want both states", got)
	}
}
