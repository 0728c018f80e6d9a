package requests

import (
	"strings"
	"testing"

	"custodia/consent"
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
