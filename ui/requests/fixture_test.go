package requests

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

// testPractice is the synthetic practice on packages and certificates.
var testPractice = consent.Controller{Name: "Synthetic Practice (test)", Address: "1 Example Street, 10115 Berlin",
	Country: "DE", Email: "privacy@practice.example", URL: "https://practice.example/privacy", DPOContact: "DPO, Synthetic Practice"}

// synthPatient is synthetic patient i: p00000i, "Family, Given<i>".
func synthPatient(i int) vault.Patient { return uitest.SynthPatient(i) }

// fixture is a consent session on the test driver with a settable clock.
type fixture struct {
	env *kit.Env
	cs  *uitest.ConsentSession
	// session holds the 20 synthetic patients and counts their reads.
	session *uitest.Session
	now     time.Time
}

func newFixture(t *testing.T, role vault.Role) *fixture {
	t.Helper()
	f := &fixture{now: consentNow}
	u := vault.User{ID: "u-" + string(role), Name: string(role), Role: role}
	f.session = uitest.NewSession(u)
	f.session.Patients = uitest.NewPatients(u, 20)
	f.cs = uitest.NewConsentSession(f.session, testPractice)
	f.env = uitest.Env(t, f.cs)
	f.env.Win.Resize(f.env.Win.Canvas().Size().AddWidthHeight(100, 80)) // 1200×800 as the shell's tests
	f.env.Now = func() time.Time { return f.now }
	return f
}

// uc is the use cases on the fixture's session and clock.
func (f *fixture) uc() *usecase.Session {
	return usecase.New(f.cs, usecase.Options{Now: func() time.Time { return f.now }, Controller: f.cs.Controller})
}

// seed loads the shipped catalogue, as creating a vault does.
func (f *fixture) seed(t *testing.T) {
	t.Helper()
	if err := usecase.Seed(context.Background(), f.cs.Store); err != nil {
		t.Fatal(err)
	}
}

func newTestQueue(t *testing.T, role vault.Role) (*fixture, *View) {
	t.Helper()
	f := newFixture(t, role)
	f.seed(t)
	return f, New(f.env, i18n.MustLoad(), f.uc())
}

// days returns the receipt date that leaves n days until a GDPR due date at consentNow.
func receivedFor(daysLeft int) time.Time {
	due := consentNow.AddDate(0, 0, daysLeft)
	return time.Date(due.Year(), due.Month()-1, due.Day(), 9, 0, 0, 0, time.Local)
}

// addRequest stores a request received on a date, moved through the
// given steps as the DPO.
func (f *fixture) addRequest(t *testing.T, subject string, typ consent.RequestType, received time.Time, steps ...string) consent.Request {
	t.Helper()
	return f.cs.AddRequest(t, f.now, subject, typ, received, steps...)
}

func testLoc() *i18n.Localizer { return uitest.Loc() }

// overlays counts the dialogs over the window.
func overlays(f *fixture) int { return len(f.env.Win.Canvas().Overlays().List()) }
