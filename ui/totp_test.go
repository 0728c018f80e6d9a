package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// realVault adapts *vault.Vault for the UI as cmd/custodia does.
type realVault struct{ v *vault.Vault }

func (r realVault) Path() string { return r.v.Path() }
func (r realVault) Close() error { return nil }
func (r realVault) Unlock(u string, p []byte) (kit.Session, error) {
	return r.UnlockWithCode(u, p, "")
}
func (r realVault) UnlockWithCode(u string, p []byte, code string) (kit.Session, error) {
	s, err := r.v.UnlockWithCode(u, p, code)
	if err != nil {
		return nil, err
	}
	return s, nil
}
func (r realVault) UnlockWithRecovery(code string) (kit.Session, error) {
	s, err := r.v.UnlockWithRecovery(code)
	if err != nil {
		return nil, err
	}
	return s, nil
}

type realBackend struct{ v Vault }

func (b realBackend) Create(string, string, []byte) (string, error) {
	return "", errors.New("not here")
}
func (b realBackend) Open(string) (Vault, error)     { return b.v, nil }
func (b realBackend) EnsureDemo() (DemoVault, error) { return DemoVault{}, errors.New("not here") }

func realFixture(t *testing.T) (*App, *vault.Vault) {
	t.Helper()
	test.NewTempApp(t)
	weak := vault.WeakKDFParams()
	path := filepath.Join(t.TempDir(), "ui.vault")
	if _, err := vault.Create(path, vault.TestAdminName, []byte(vault.TestAdminPassphrase), vault.Options{KDF: &weak}); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, vault.Options{KDF: &weak})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	win := test.NewTempWindow(t, widget.NewLabel(""))
	win.Resize(fyne.NewSize(1100, 720))
	a := New(win, Options{Backend: realBackend{realVault{v}}, Run: kit.SyncRunner, VaultPath: path,
		After: func(time.Duration, func()) func() { return func() {} }})
	a.Start()
	return a, v
}

func unlockAs(t *testing.T, a *App, code string) *unlockView {
	t.Helper()
	if a.start != nil {
		test.Tap(a.start.open)
	}
	u := a.unlock
	if u == nil {
		t.Fatal("no unlock screen")
	}
	u.user.SetText(vault.TestAdminName)
	u.pass.SetText(vault.TestAdminPassphrase)
	u.totp.SetText(code)
	test.Tap(u.unlock)
	return u
}

func TestForcedEnrolmentThenCode(t *testing.T) {
	a, v := realFixture(t)
	s, err := v.Unlock(vault.TestAdminName, []byte(vault.TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetRequireTOTP(true); err != nil {
		t.Fatal(err)
	}
	unlockAs(t, a, "")
	if a.enrol == nil || a.main != nil {
		t.Fatal("a required but missing second factor did not lead to the enrolment screen")
	}
	e := a.enrol.Enrolment
	if !strings.HasPrefix(e.URI, "otpauth://totp/") || len(e.BackupCodes) == 0 {
		t.Fatalf("enrolment %+v", e)
	}
	code, _ := vault.TOTPCode(e.Secret, time.Now())
	a.enrol.Enter(code)
	if !a.enrol.Done || a.main == nil {
		t.Fatalf("confirming the code did not open the main window: %q", a.enrol.Message())
	}
	a.lock()
	u := unlockAs(t, a, "")
	if !strings.Contains(u.Message(), "Second-factor code needed") {
		t.Fatalf("unlock without a code says %q", u.Message())
	}
	unlockAs(t, a, e.BackupCodes[0])
	if a.main == nil {
		t.Fatalf("unlock with a backup code failed: %q", a.unlock.Message())
	}
}
