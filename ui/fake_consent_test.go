package ui

import (
	"context"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func newFakeConsentSession(role vault.Role) *uitest.ConsentSession {
	s := newFakeSession(vault.User{ID: "u-" + string(role), Name: string(role), Role: role}, 20)
	return uitest.NewConsentSession(s, demoController)
}

// consentFixture is an App on the test driver with a settable clock.
type consentFixture struct {
	app *App
	win fyne.Window
	now time.Time
	cs  *uitest.ConsentSession
}

func newConsentFixture(t *testing.T, role vault.Role, now time.Time) *consentFixture {
	t.Helper()
	test.NewTempApp(t)
	f := &consentFixture{now: now, cs: newFakeConsentSession(role)}
	f.win = test.NewTempWindow(t, widget.NewLabel(""))
	f.win.Resize(fyne.NewSize(1200, 800))
	f.app = New(f.win, Options{Run: kit.SyncRunner, Now: func() time.Time { return f.now },
		Controller: func() (consent.Controller, error) {
			if f.cs.NoFallback {
				return consent.Controller{}, ErrNoController
			}
			return demoController, nil
		},
		Logf: func(format string, args ...any) { t.Logf(format, args...) }})
	f.app.vault = &fakeVault{path: "/v"}
	return f
}

// uc is the use cases (package app) on the fixture's session.
func (f *consentFixture) uc() *usecase.Session { return f.app.useCases(f.cs) }

// seed loads the shipped catalogue, as creating a vault does.
func (f *consentFixture) seed(t *testing.T) {
	t.Helper()
	if err := usecase.Seed(context.Background(), f.cs.Store); err != nil {
		t.Fatal(err)
	}
}

// addRequest stores a request received on a date, moved through the
// given steps as the DPO.
func (f *consentFixture) addRequest(t *testing.T, subject string, typ consent.RequestType, received time.Time, steps ...string) consent.Request {
	t.Helper()
	return f.cs.AddRequest(t, f.now, subject, typ, received, steps...)
}

// consentNow is the fixtures' clock.
var consentNow = time.Date(2026, 3, 16, 10, 0, 0, 0, time.Local)
