package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/ui/consents"
	"custodia/ui/kit"
	"custodia/ui/requests"
	"custodia/vault"
)

func newTestQueue(t *testing.T, role vault.Role) (*consentFixture, *requests.View) {
	t.Helper()
	f := newConsentFixture(t, role, consentNow)
	f.seed(t)
	return f, newRequestsView(f.app, f.cs)
}

func TestDescribeConsentErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&consent.DuplicateError{IDs: []string{"r1"}}, "open request"},
		{&consent.ValidationError{Fields: []consent.FieldError{{Field: "ground", Message: "x"}}}, "ground: x"},
		{consent.ErrTransition, "state"},
		{ErrNoController, "Governance › Practice details"},
		{errors.Join(vault.ErrPermission, consent.ErrPermission), "role"},
	} {
		if p := kit.Describe(testLoc(), c.err); p.Internal || !strings.Contains(p.Message, c.want) {
			t.Errorf("%v: %+v", c.err, p)
		}
	}
}

func TestCompletedRequestsChangeTheConsentPanel(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	p := newConsentPanel(f.app, f.cs, "p000012", "t")
	p.Reload()
	p.Select("recall")
	p.OpenGrant()
	p.GrantForm.Submit()
	if r, _ := p.Row("recall"); r.State != consents.StateAllowed {
		t.Fatalf("recall after grant: %s", r.State)
	}

	// an upheld objection blocks the purpose
	f.now = f.now.Add(time.Hour)
	obj := f.addRequest(t, "p000012", consent.ReqObjection, f.now.AddDate(0, 0, -1), "verify", "start")
	v.Activate()
	v.Show(obj.ID)
	v.Detail.CompleteWith("done", usecase.Work{})
	p.Reload()
	if r, _ := p.Row("recall"); r.State != consents.StateBlocked || r.Allowed {
		t.Fatalf("recall after an upheld objection: %+v", r)
	}
	if r, _ := p.Row("treatment"); !r.Allowed {
		t.Error("an objection to recall blocked treatment")
	}

	// completing a consent withdrawal request withdraws the purpose
	f.now = f.now.Add(time.Hour)
	w := f.addRequest(t, "p000013", consent.ReqConsentWithdrawal, f.now.AddDate(0, 0, -1), "verify", "start")
	p2 := newConsentPanel(f.app, f.cs, "p000013", "t")
	p2.Reload()
	p2.Select("recall")
	p2.OpenGrant()
	p2.GrantForm.Submit()
	f.now = f.now.Add(time.Hour)
	v.Show(w.ID)
	v.Detail.Complete() // confirmation dialog; confirm through the domain path
	v.Detail.CompleteWith("done", usecase.Work{})
	p2.Reload()
	if r, _ := p2.Row("recall"); r.State != consents.StateWithdrawn {
		t.Fatalf("recall after the withdrawal request: %+v", r)
	}
}
