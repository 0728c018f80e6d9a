package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

func TestUnlockWrongPassphraseShowsMessage(t *testing.T) {
	f := newFixture(t, 10, vault.RoleAdmin)
	f.openAndUnlock(t, "admin", "not the passphrase")
	u := f.app.unlock
	if u == nil || f.app.session != nil || f.app.main != nil {
		t.Fatal("a wrong passphrase left the unlock screen")
	}
	if !strings.Contains(u.Message(), "Wrong user name or passphrase") {
		t.Fatalf("message = %q", u.Message())
	}
	if u.pass.Text != "" {
		t.Error("the wrong passphrase stays in the entry")
	}
	if u.Busy() || u.unlock.Disabled() {
		t.Error("unlock button still busy after the failure")
	}
	// then the right one
	test.Type(u.pass, testPass)
	test.Tap(u.unlock)
	if f.app.main == nil || f.app.session == nil {
		t.Fatalf("not unlocked with the right passphrase; message %q", u.Message())
	}
	if got := f.app.main.userInfo.Text; !strings.Contains(got, "admin") || !strings.Contains(got, "Administration") {
		t.Errorf("header shows %q, want user and role", got)
	}
}

func TestUnlockDisabledUserShowsMessage(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin, vault.RoleClinician)
	f.session(vault.RoleClinician).user.Disabled = true
	f.openAndUnlock(t, "clinician", testPass)
	if f.app.session != nil {
		t.Fatal("a disabled user was let in")
	}
	if msg := f.app.unlock.Message(); !strings.Contains(msg, "disabled") {
		t.Fatalf("message = %q", msg)
	}
}

func TestUnlockEmptyFieldsAskWithoutCallingTheVault(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	test.Tap(f.app.start.open)
	u := f.app.unlock
	test.Tap(u.unlock)
	if f.vault.unlocks != 0 || !strings.Contains(u.Message(), "user name") {
		t.Fatalf("unlocks = %d, message %q", f.vault.unlocks, u.Message())
	}
}

func TestLockReturnsToUnlockScreen(t *testing.T) {
	f := newFixture(t, 10, vault.RoleAdmin)
	f.openAndUnlock(t, "admin", testPass)
	s := f.session(vault.RoleAdmin)
	if f.app.main == nil || s.Locked() {
		t.Fatal("not unlocked")
	}
	test.Tap(f.app.main.lock)
	if !s.Locked() {
		t.Error("session not locked")
	}
	if f.app.session != nil || f.app.main != nil {
		t.Error("main view or session survive the lock")
	}
	u := f.app.unlock
	if u == nil {
		t.Fatal("not on the unlock screen")
	}
	if u.user.Text != "admin" || u.pass.Text != "" {
		t.Errorf("unlock screen user %q pass %q; want the last user and an empty passphrase", u.user.Text, u.pass.Text)
	}
	if f.win.Canvas().Overlays().Top() != nil {
		t.Error("a dialog stayed open over the unlock screen")
	}
	f.app.lock() // a second lock is harmless
}

func TestLockClosesDialogs(t *testing.T) {
	f := newFixture(t, 10, vault.RoleAdmin)
	f.openAndUnlock(t, "admin", testPass)
	f.app.env.ShowError(vault.ErrConflict)
	if f.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog shown")
	}
	f.app.lock()
	if f.win.Canvas().Overlays().Top() != nil {
		t.Fatal("dialog still shown after lock")
	}
}

func TestRecoveryCodeForcesNewPassphrase(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	test.Tap(f.app.start.open)
	u := f.app.unlock
	test.Tap(u.recovery)
	test.Type(u.code, "WRONG")
	test.Tap(u.unlock)
	if !strings.Contains(u.Message(), "recovery code") || f.app.session != nil {
		t.Fatalf("wrong code: message %q", u.Message())
	}
	u.code.SetText("RECOVER-1234")
	test.Tap(u.unlock)
	r := f.app.reset
	if r == nil || f.app.main != nil {
		t.Fatal("recovery did not lead to the new-passphrase screen")
	}
	if !r.save.Disabled() {
		t.Error("can continue without a new passphrase")
	}
	r.pass.Set("Tulip-Harbour-Violin-42", "Tulip-Harbour-Violin-42")
	test.Tap(r.save)
	if f.app.main == nil {
		t.Fatalf("not in the main window after setting the passphrase: %q", r.message.Text)
	}
	if got := f.session(vault.RoleAdmin).resets; !slices.Equal(got, []string{"admin"}) {
		t.Errorf("ResetPassphrase calls = %q", got)
	}
}

func TestSectionsFollowRole(t *testing.T) {
	roles := []vault.Role{vault.RoleAdmin, vault.RoleDPO, vault.RoleClinician, vault.RoleFrontDesk, vault.RoleResearcher}
	for _, r := range roles {
		t.Run(string(r), func(t *testing.T) {
			f := newFixture(t, 5, roles...)
			f.openAndUnlock(t, string(r), testPass)
			m := f.app.main
			if m == nil {
				t.Fatal("not unlocked")
			}
			var want []string
			if r.Can(vault.PermPatientRead) {
				want = append(want, sectionPatients)
			}
			if r.Can(vault.PermUserManage) {
				want = append(want, sectionUsers)
			}
			if r.Can(vault.PermAuditRead) {
				want = append(want, sectionAudit)
			}
			if got := m.Sections(); !slices.Equal(got, want) {
				t.Fatalf("sections = %q, want %q", got, want)
			}
			if (m.Users != nil) != (r == vault.RoleAdmin) {
				t.Errorf("users view built = %v for %s", m.Users != nil, r)
			}
			if r != vault.RoleAdmin && m.Show(sectionUsers) {
				t.Errorf("%s can navigate to Users", r)
			}
		})
	}
}

func TestCreateVaultShowsRecoveryCodeOnce(t *testing.T) {
	f := newFixture(t, 0)
	test.Tap(f.app.start.create)
	c := f.app.create
	c.path.SetText("/new.vault")
	test.Type(c.admin, "anna")
	c.pass.Set("short", "short")
	if !c.create.Disabled() {
		t.Fatal("create enabled with a weak passphrase")
	}
	c.pass.Set("Tulip-Harbour-Violin-42", "Tulip-Harbour-Violin-42")
	if c.create.Disabled() {
		t.Fatalf("create disabled with a good passphrase (%s)", c.pass.Strength().Label(testLoc()))
	}
	test.Tap(c.create)
	if _, ok := f.backend.vaults["/new.vault"]; !ok {
		t.Fatalf("vault not created: %q", c.status.Text)
	}
	if len(c.pass.Value()) != 0 {
		t.Error("passphrase left in the entry after creation")
	}
}

func TestDescribeMapsEveryVaultError(t *testing.T) {
	for _, err := range []error{vault.ErrWrongPassphrase, vault.ErrWrongRecoveryCode, vault.ErrUserDisabled,
		&vault.PermissionError{User: "x", Role: vault.RoleClinician, Perm: vault.PermUserManage},
		&vault.ValidationError{Fields: []vault.FieldError{{Field: kit.FieldBirthDate, Message: "is required"}}},
		vault.ErrConflict, vault.ErrRestricted, vault.ErrExists, vault.ErrNotFound, vault.ErrLocked,
		&vault.AuditError{Seq: 7, Reason: "mac"}, vault.ErrIntegrity, &vault.ThrottledError{}, fs.ErrNotExist} {
		wrapped := fmt.Errorf("context: %w", err)
		p := kit.Describe(testLoc(), wrapped)
		if p.Internal || p.Title == "" || p.Message == "" || p.Message == wrapped.Error() {
			t.Errorf("Describe(testLoc(), %v) = %+v", err, p)
		}
	}
	if p := kit.Describe(testLoc(), errors.New("disk on fire")); !p.Internal || strings.Contains(p.Message, "fire") {
		t.Errorf("unknown error described as %+v", p)
	}
	if p := kit.Describe(testLoc(), &vault.ValidationError{Fields: []vault.FieldError{{Field: kit.FieldBirthDate, Message: "is required"}}}); !strings.Contains(p.Message, "Birth date") {
		t.Errorf("validation message %q does not name the field", p.Message)
	}
}

func TestInternalErrorsAreLogged(t *testing.T) {
	f := newFixture(t, 0)
	f.app.env.ShowError(errors.New("boom id=42"))
	if len(f.logs) != 1 || !strings.Contains(f.logs[0], "id=42") {
		t.Fatalf("logs = %q", f.logs)
	}
	f.app.env.ShowError(vault.ErrConflict)
	if len(f.logs) != 1 {
		t.Fatalf("a known error was logged: %q", f.logs)
	}
}

func TestStartRemembersOnlyThePath(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	prefs := test.NewTempApp(t).Preferences()
	f.app.opts.Prefs = prefs
	f.app.opts.VaultPath = ""
	f.openAndUnlock(t, "admin", testPass)
	if got := prefs.String(prefLastVault); got != "/v" {
		t.Fatalf("remembered path %q", got)
	}
	for _, k := range []string{"user", "username", "passphrase"} {
		if prefs.String(k) != "" {
			t.Errorf("preference %q stored", k)
		}
	}
}

func TestIdleLockExpiresWithTheClock(t *testing.T) {
	now := fakeClock{}
	var locked int
	l := newIdleLock(10*60e9, 0, now.Now, func() { locked++ })
	l.start()
	defer l.stop()
	now.advance(9 * 60e9)
	if l.expired() {
		t.Fatal("expired after 9 of 10 minutes")
	}
	l.touch()
	now.advance(9 * 60e9)
	if l.expired() {
		t.Fatal("activity did not restart the idle time")
	}
	now.advance(2 * 60e9)
	if !l.expired() {
		t.Fatal("not expired after 11 idle minutes")
	}
}

// The idle lock cannot be switched off, and an active session still ends
// at the absolute limit.
func TestIdleLockCannotBeOffAndSessionLimit(t *testing.T) {
	for _, d := range []time.Duration{0, -1} {
		if got := newIdleLock(d, 0, time.Now, func() {}).after; got != DefaultIdleLock {
			t.Fatalf("idle lock %v gives %v, want the default %v", d, got, DefaultIdleLock)
		}
	}
	if got := newIdleLock(100*time.Hour, 100*time.Hour, time.Now, func() {}); got.after != MaxIdleLock || got.limit != MaxSessionLimit {
		t.Fatalf("limits not capped: %v %v", got.after, got.limit)
	}
	now := fakeClock{}
	l := newIdleLock(10*time.Minute, 2*time.Hour, now.Now, func() {})
	l.start()
	defer l.stop()
	for elapsed := time.Duration(0); elapsed < 2*time.Hour-5*time.Minute; elapsed += 5 * time.Minute {
		now.advance(5 * time.Minute)
		l.touch()
		if l.expired() {
			t.Fatalf("expired after %v of steady activity", elapsed+5*time.Minute)
		}
	}
	now.advance(5 * time.Minute)
	l.touch()
	if !l.expired() {
		t.Fatal("an active session outlived its absolute limit")
	}
}
