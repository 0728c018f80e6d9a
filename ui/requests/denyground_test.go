package requests

import (
	"testing"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// The deny dialog offers the legal grounds in the reader's language, not
// the domain's English texts.
func TestDenyGroundsInGerman(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	de := i18n.MustLoad().Localizer("de")
	f.env.Loc = de
	r := f.addRequest(t, "p000004", consent.ReqErasure, consentNow.AddDate(0, 0, -1))
	v.Activate()
	v.Show(r.ID)
	d := v.Detail
	d.OpenDeny()
	opts := d.DenyForm.ground.Options
	if len(opts) == 0 {
		t.Fatal("no grounds offered")
	}
	for i, g := range d.DenyForm.Grounds() {
		if opts[i] == g.Text || opts[i] != de.T(usecase.GroundID(g.Code)) {
			t.Errorf("ground %s offered as %q", g.Code, opts[i])
		}
	}
}
