package consents

import (
	"context"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"
)

var consentNow = time.Date(2026, 3, 16, 10, 0, 0, 0, time.Local)

// testPractice is the synthetic practice on the receipts.
var testPractice = consent.Controller{Name: "Synthetic Practice (test)", Address: "1 Example Street, 10115 Berlin",
	Country: "DE", Email: "privacy@practice.example", URL: "https://practice.example/privacy"}

// fixture is a consent session on the test driver with a settable clock.
type fixture struct {
	env *kit.Env
	cs  *uitest.ConsentSession
	now time.Time
}

func newFixture(t *testing.T, role vault.Role) *fixture {
	t.Helper()
	u := vault.User{ID: "u-" + string(role), Name: string(role), Role: role}
	base := uitest.NewSession(u)
	base.Patients = uitest.NewPatients(u, 3)
	f := &fixture{cs: uitest.NewConsentSession(base, testPractice), now: consentNow}
	f.env = uitest.Env(t, f.cs)
	f.env.Now = func() time.Time { return f.now }
	if err := usecase.Seed(context.Background(), f.cs.Store); err != nil {
		t.Fatal(err)
	}
	return f
}

// uc is the use cases on the fixture's session and clock.
func (f *fixture) uc() *usecase.Session {
	return usecase.New(f.cs, usecase.Options{Now: func() time.Time { return f.now }, Controller: f.cs.Controller})
}

// panel builds the consent panel of p000001 and reads its ledger.
func (f *fixture) panel(t *testing.T) *Panel {
	t.Helper()
	p := New(f.env, i18n.MustLoad(), f.uc(), "p000001", "Family, Given1")
	p.Reload()
	if len(p.Rows()) == 0 {
		t.Fatalf("no purposes shown; status %q", p.Status())
	}
	return p
}

func newTestPanel(t *testing.T, role vault.Role) (*fixture, *Panel) {
	t.Helper()
	f := newFixture(t, role)
	return f, f.panel(t)
}

func testLoc() *i18n.Localizer { return uitest.Loc() }
