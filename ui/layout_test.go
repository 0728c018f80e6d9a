package ui

import (
	"context"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/ui/requests"
	"custodia/vault"
	"custodia/vault/demo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// layoutNow is the demo vault's clock in the layout tests.
var layoutNow = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

// demoVault opens the vault as cmd/custodia does: sessions through the use cases.
type demoVault struct {
	v    *vault.Vault
	opts usecase.Options
}

func (d demoVault) Path() string { return d.v.Path() }
func (d demoVault) Close() error { return nil }
func (d demoVault) Unlock(user string, pass []byte) (kit.Session, error) {
	_, s, err := usecase.Unlock(context.Background(), d.v, user, pass, d.opts)
	if err != nil {
		return nil, err
	}
	return s, nil
}
func (d demoVault) UnlockWithRecovery(code string) (kit.Session, error) {
	_, s, err := usecase.UnlockWithRecovery(context.Background(), d.v, code, d.opts)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// layoutFixture is the app on a small synthetic demo vault (weak KDF, a
// fixed clock) in a window of the given size, on the start screen.
type layoutFixture struct {
	app  *App
	win  fyne.Window
	size fyne.Size
	lang string
	path string
}

func newLayoutFixture(t *testing.T, size fyne.Size, lang string) *layoutFixture {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(theme.DefaultTheme()) // the sizes people see, not the test theme's
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak, Now: func() time.Time { return layoutNow }}
	path := filepath.Join(t.TempDir(), "demo.vault")
	if _, err := usecase.CreateDemoVault(path, 30, opts); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	f := &layoutFixture{size: size, lang: lang, path: path}
	f.win = test.NewTempWindow(t, widget.NewLabel(""))
	f.win.Resize(size)
	now := func() time.Time { return layoutNow }
	f.app = New(f.win, Options{Backend: realBackend{demoVault{v, usecase.Options{Now: now}}}, Run: kit.SyncRunner, VaultPath: path,
		Language: lang, Now: now, After: func(time.Duration, func()) func() { return func() {} },
		Controller: func() (consent.Controller, error) { return demo.Practice(), nil },
		Logf:       func(format string, args ...any) { t.Logf(format, args...) }})
	f.app.Start()
	return f
}

// layoutShots, when set (go test -run TestLayout ./ui/ -args -layout.shots=DIR),
// saves a picture of every checked screen for people to look at.
var layoutShots = flag.String("layout.shots", "", "folder for pictures of the screens the layout tests check")

// check asserts the window's screen fits and the window keeps its size.
func (f *layoutFixture) check(t *testing.T, screen string) {
	t.Helper()
	defer f.shoot(t, screen)
	if got := f.win.Canvas().Size(); got != f.size {
		t.Errorf("%s: window is %v, want %v", screen, got, f.size)
	}
	assertFits(t, f.win, screen)
	uitest.AssertTablesFit(t, f.win, screen) // no table wider than its pane, on every screen and size
}

// unlockAs goes from the start screen to the main window as a demo user.
func (f *layoutFixture) unlockAs(t *testing.T, role vault.Role) {
	t.Helper()
	if f.app.start != nil {
		test.Tap(f.app.start.open)
	}
	u := f.app.unlock
	if u == nil {
		t.Fatal("no unlock screen")
	}
	for _, d := range demo.Users() {
		if d.Role == role {
			u.user.SetText(d.Name)
			u.pass.SetText(d.Passphrase)
		}
	}
	test.Tap(u.unlock)
	if f.app.main == nil {
		t.Fatalf("not unlocked as %s: %q", role, u.message.Text)
	}
}

// escFrom puts the cursor in a field of the top dialog, presses Esc and
// asserts the dialog went away: the field passes Esc on (EscEntry).
func (f *layoutFixture) escFrom(t *testing.T, what string, field fyne.Focusable) {
	t.Helper()
	f.win.Canvas().Focus(field)
	if f.win.Canvas().Focused() != field {
		t.Errorf("%s: the field took no focus", what)
	}
	f.escCloses(t, what+" (Esc typed in a field)")
}

// escCloses presses Esc and asserts the top dialog went away.
func (f *layoutFixture) escCloses(t *testing.T, what string) {
	t.Helper()
	n := len(f.win.Canvas().Overlays().List())
	if n == 0 {
		t.Errorf("%s: no dialog open", what)
		return
	}
	pressEsc(f.win.Canvas())
	if got := len(f.win.Canvas().Overlays().List()); got >= n {
		t.Errorf("%s: Esc left %d dialogs open", what, got)
	}
}

// layoutLanguages are the languages every screen is checked in: German
// words are longer, so German breaks first.
var layoutLanguages = []string{"en", "de"}

func forEachSize(t *testing.T, run func(t *testing.T, f *layoutFixture)) {
	for _, lang := range layoutLanguages {
		for _, size := range layoutScreenSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				run(t, newLayoutFixture(t, size, lang))
			})
		}
	}
}

// TestLayoutBeforeUnlock renders the start, create and unlock screens.
func TestLayoutBeforeUnlock(t *testing.T) {
	forEachSize(t, func(t *testing.T, f *layoutFixture) {
		f.check(t, "start")
		test.Tap(f.app.start.create)
		f.check(t, "create")
		f.app.showStart()
		test.Tap(f.app.start.open)
		f.check(t, "unlock")
		u := f.app.unlock
		u.user.SetText(demo.AdminName)
		u.pass.SetText("wrong passphrase")
		test.Tap(u.unlock)
		f.check(t, "unlock after a wrong passphrase")
	})
}

// pressEsc delivers Esc as the desktop driver does: to the focused widget,
// else to the canvas.
func pressEsc(c fyne.Canvas) {
	ev := &fyne.KeyEvent{Name: fyne.KeyEscape}
	if w := c.Focused(); w != nil {
		w.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// TestLayoutPatientScreens renders the patient list, a patient with
// encounters and observations, the validation state, the consent panel and
// its grant dialog, users, audit and the header dialogs, as the administrator.
func TestLayoutPatientScreens(t *testing.T) {
	forEachSize(t, func(t *testing.T, f *layoutFixture) {
		f.unlockAs(t, vault.RoleAdmin)
		m := f.app.main
		m.Show(sectionPatients)
		f.check(t, "patient list")
		m.Patients.Select(2)
		f.check(t, "patient detail")
		if c := m.Patients.Form.Clinical; c != nil && len(c.EncounterRows()) > 0 {
			c.Select(0)
			f.check(t, "patient detail with an encounter selected")
		}
		m.Patients.Form.SetField(kit.FieldBirthDate, "31.02.1990")
		m.Patients.Form.Save()
		f.check(t, "patient detail with a validation message")
		m.Patients.Form.Revert()
		f.check(t, "patient detail after the message went")
		panel := m.openPatientConsents()
		f.check(t, "consent panel")
		rowH := widget.NewLabel("Ag").MinSize().Height
		if want := rowH * float32(min(len(panel.Rows()), 6)+1); panel.PurposeTable().Size().Height < want-slack {
			t.Errorf("consent panel: purposes table %.0f high, %d rows need %.0f", panel.PurposeTable().Size().Height, len(panel.Rows()), want)
		}
		f.escCloses(t, "consent panel")
		panel = m.openPatientConsents()
		panel.OpenGrant()
		f.check(t, "grant dialog")
		f.escFrom(t, "grant dialog", panel.GrantForm.RepresentativeEntry())
		f.app.closeOverlays()
		m.Patients.NewPatient()
		f.check(t, "new patient")

		m.Show(sectionUsers)
		f.check(t, "users")
		m.Users.Select(1)
		f.check(t, "user selected")
		m.Show(sectionAudit)
		f.check(t, "audit")
		m.Audit.Verify()
		f.check(t, "audit verified")
		m.ChangePassphrase()
		f.check(t, "change passphrase dialog")
		f.escCloses(t, "change passphrase dialog")
		m.BackupDialog()
		f.check(t, "backup dialog")
		f.escCloses(t, "backup dialog")
		for name, show := range map[string]func(){"about": f.app.showAbout, "shortcuts": f.app.showShortcuts, "guide": f.app.showGuide} {
			show()
			f.check(t, name)
			f.escCloses(t, name)
		}
	})
}

// TestLayoutRequestScreens renders the request queue, each request's
// detail, the step dialogs and the governance tabs, as the DPO.
func TestLayoutRequestScreens(t *testing.T) {
	forEachSize(t, func(t *testing.T, f *layoutFixture) {
		f.unlockAs(t, vault.RoleDPO)
		m := f.app.main
		m.Show(sectionRequests)
		q := m.Requests()
		f.check(t, "request queue")
		q.SetFilter(requests.QueueFilter{State: requests.FilterAll})
		if need, have := q.TableWidth(); need > have+1 {
			t.Errorf("request queue: its columns need %.0f px, its pane has %.0f (the last columns scroll out of sight)", need, have)
		}
		for row, r := range q.Shown() {
			q.Select(row)
			screen := fmt.Sprintf("request %d (%s, %s)", row, r.Type, r.State)
			f.check(t, screen)
			uitest.AssertTablesFit(t, f.win, screen) // the history and the queue read without scrolling sideways
		}
		q.OpenIntake()
		f.check(t, "new request dialog")
		q.Intake.Submit()
		f.check(t, "new request dialog with problems")
		q.Intake.Search("Hoffmann")
		q.Intake.PickMatch(0)
		f.check(t, "new request dialog with a patient picked")
		f.escCloses(t, "new request dialog")
		f.erasure(t, q)
		for row, r := range q.Shown() {
			if r.State == consent.StateVerifying || r.State == consent.StateReceived {
				q.Select(row)
				q.Detail.OpenDeny()
				f.check(t, "deny dialog")
				f.escCloses(t, "deny dialog")
				q.Detail.OpenVerify()
				f.check(t, "verify dialog")
				f.escCloses(t, "verify dialog")
				break
			}
		}
		m.Show(sectionGovernance)
		g := m.Governance()
		g.ShowRetention()
		f.check(t, "retention")
		g.Retention.NewRule()
		f.check(t, "retention rule dialog")
		f.escCloses(t, "retention rule dialog")
		g.ShowBreaches()
		f.check(t, "breach log")
		g.Breaches.OpenForm()
		f.check(t, "breach form")
		f.escFrom(t, "breach form", g.Breaches.Form.DescriptionEntry())
		g.ShowPractice()
		f.check(t, "practice details")
	})
}

// TestLayoutClinicianScreens renders a patient with encounters and
// observations as the clinician, who may edit them.
func TestLayoutClinicianScreens(t *testing.T) {
	forEachSize(t, func(t *testing.T, f *layoutFixture) {
		f.unlockAs(t, vault.RoleClinician)
		m := f.app.main
		m.Show(sectionPatients)
		for i := range 6 {
			m.Patients.Select(i)
			c := m.Patients.Form.Clinical
			if c == nil || len(c.EncounterRows()) == 0 {
				continue
			}
			c.Select(0)
			f.check(t, "patient detail with an encounter selected")
			c.NewEncounter()
			f.check(t, "encounter editor")
			c.SaveEncounter()
			f.check(t, "encounter editor with problems")
			c.CancelEditors()
			c.NewObservation()
			f.check(t, "observation editor")
			return
		}
		t.Error("no patient with encounters in the demo vault")
	})
}

// shoot saves the window as DIR/<size>-<screen>.png when -layout.shots is set.
func (f *layoutFixture) shoot(t *testing.T, screen string) {
	if *layoutShots == "" {
		return
	}
	name := fmt.Sprintf("%s-%.0fx%.0f-%s-%s.png", f.lang, f.size.Width, f.size.Height, t.Name()[:strings.IndexByte(t.Name()+"/", '/')], screen)
	name = strings.NewReplacer(" ", "_", "(", "", ")", "", ",", "").Replace(name)
	out, err := os.Create(filepath.Join(*layoutShots, name))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, f.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// erasure takes the demo's erasure request through the erasure dialog,
// its final confirmation and the certificate.
func (f *layoutFixture) erasure(t *testing.T, q *requests.View) {
	t.Helper()
	for row, r := range q.Shown() {
		if r.Type != consent.ReqErasure || r.State == consent.StateCompleted {
			continue
		}
		q.Select(row)
		d := q.Detail
		if st := d.Request().State; st == consent.StateReceived || st == consent.StateVerifying {
			d.Verify(consent.VerifyIDDocument, true)
			d.Start()
		}
		d.OpenErasure()
		f.check(t, "erasure dialog")
		uitest.AssertTablesFit(t, f.win, "erasure dialog") // the plan reads without scrolling sideways
		f.showsWhole(t, "erasure dialog")
		if sz, win := f.win.Canvas().Overlays().Top().Size(), f.win.Canvas().Size(); sz.Width > win.Width || sz.Height > win.Height {
			t.Errorf("erasure dialog %v is larger than the window %v", sz, win)
		}
		d.Erasure.Confirm(true)
		d.Erasure.ConfirmExecute()
		f.check(t, "erasure confirmation")
		f.escCloses(t, "erasure confirmation")
		d.Erasure.ConfirmExecute()
		d.Erasure.Confirmation.Confirm()
		if d.Erasure.Certificate == nil {
			t.Fatalf("no certificate: %s", d.Erasure.Problem())
		}
		f.check(t, "erasure certificate")
		if name := d.Erasure.CertificateFileName(); uuidPattern.MatchString(name) || !strings.Contains(name, d.Erasure.PatientName()) {
			t.Errorf("certificate file name %q: want the patient's name, no id", name)
		}
		f.escCloses(t, "erasure dialog")
		f.check(t, "request after the erasure")
		uitest.AssertTablesFit(t, f.win, "request after the erasure") // the queue, the erased row too
		return
	}
	t.Error("no erasure request in the demo vault")
}
