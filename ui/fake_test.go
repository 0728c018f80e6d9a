package ui

import (
	"fmt"
	"testing"
	"time"

	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fakeBackend opens fakeVaults keyed by path.
type fakeBackend struct {
	vaults map[string]*fakeVault
}

func (b *fakeBackend) Create(path, admin string, pass []byte) (string, error) {
	if _, ok := b.vaults[path]; ok {
		return "", vault.ErrExists
	}
	s := newFakeSession(vault.User{ID: "u-admin", Name: admin, Role: vault.RoleAdmin}, 0)
	b.vaults[path] = &fakeVault{path: path, users: map[string]fakeAccount{admin: {string(pass), s}}}
	return "AAAA-BBBB-CCCC-DDDD", nil
}

func (b *fakeBackend) Open(path string) (Vault, error) {
	v, ok := b.vaults[path]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", path, vault.ErrNotFound)
	}
	return v, nil
}

func (b *fakeBackend) EnsureDemo() (DemoVault, error) {
	return DemoVault{}, fmt.Errorf("no demo in tests: %w", vault.ErrNotFound)
}

type fakeAccount struct {
	pass    string
	session *fakeSession
}

// fakeVault unlocks to prepared sessions; a disabled account fails with ErrUserDisabled.
type fakeVault struct {
	path     string
	users    map[string]fakeAccount
	recovery string
	unlocks  int
}

func (v *fakeVault) Path() string { return v.path }
func (v *fakeVault) Close() error { return nil }

func (v *fakeVault) Unlock(name string, pass []byte) (kit.Session, error) {
	v.unlocks++
	acc, ok := v.users[name]
	if !ok || acc.pass != string(pass) {
		return nil, fmt.Errorf("unlock: %w", vault.ErrWrongPassphrase)
	}
	if acc.session.user.Disabled {
		return nil, vault.ErrUserDisabled
	}
	acc.session.locked = false
	return acc.session, nil
}

func (v *fakeVault) UnlockWithRecovery(code string) (kit.Session, error) {
	if code != v.recovery || code == "" {
		return nil, vault.ErrWrongRecoveryCode
	}
	for _, acc := range v.users {
		if acc.session.user.Role == vault.RoleAdmin {
			acc.session.locked = false
			return acc.session, nil
		}
	}
	return nil, vault.ErrNotFound
}

// fakeSession is the shared patient fake (uitest.Patients: n synthetic
// patients and the calls the views make) with users and an audit trail.
type fakeSession struct {
	*uitest.Patients
	user   vault.User
	locked bool
	users  []vault.User
	audit  []vault.AuditEntry
	// AuditReads is how many reads of the trail AuditPage opened.
	AuditReads int
	verify     error

	anchors    int       // Anchor calls
	lastAnchor time.Time // what LastAnchor reports

	resets []string
	pass   string // for ChangePassphrase
}

func newFakeSession(u vault.User, n int) *fakeSession {
	s := &fakeSession{Patients: uitest.NewPatients(u, n), user: u, users: []vault.User{u}}
	for i := range 30 {
		s.audit = append(s.audit, vault.AuditEntry{Seq: int64(i + 1), Time: time.Date(2026, 1, 1, 9, i, 0, 0, time.UTC),
			UserID: u.ID, Action: "patient.read", Object: fmt.Sprintf("patient:p%06d", i), Outcome: "ok"})
	}
	return s
}

func (s *fakeSession) Lock()            { s.locked = true }
func (s *fakeSession) Locked() bool     { return s.locked }
func (s *fakeSession) User() vault.User { return s.user }

func (s *fakeSession) ListUsers() ([]vault.User, error) { return s.users, nil }

func (s *fakeSession) AddUser(name string, role vault.Role, _ []byte) (vault.User, error) {
	for _, u := range s.users {
		if u.Name == name {
			return vault.User{}, vault.ErrExists
		}
	}
	u := vault.User{ID: "u-" + name, Name: name, Role: role}
	s.users = append(s.users, u)
	return u, nil
}

func (s *fakeSession) changeUser(name string, f func(*vault.User)) error {
	for i := range s.users {
		if s.users[i].Name == name {
			f(&s.users[i])
			return nil
		}
	}
	return vault.ErrNotFound
}

func (s *fakeSession) SetRole(name string, role vault.Role) error {
	return s.changeUser(name, func(u *vault.User) { u.Role = role })
}
func (s *fakeSession) DisableUser(name string) error {
	return s.changeUser(name, func(u *vault.User) { u.Disabled = true })
}
func (s *fakeSession) EnableUser(name string) error {
	return s.changeUser(name, func(u *vault.User) { u.Disabled = false })
}
func (s *fakeSession) EnableUserWithPassphrase(name string, _ []byte) error {
	return s.changeUser(name, func(u *vault.User) { u.Disabled = false })
}
func (s *fakeSession) ResetPassphrase(name string, _ []byte) error {
	s.resets = append(s.resets, name)
	return nil
}

func (s *fakeSession) ChangePassphrase(old, new []byte) error {
	if string(old) != s.pass {
		return fmt.Errorf("change: %w", vault.ErrWrongPassphrase)
	}
	s.pass = string(new)
	return nil
}

// AuditPage pages through the audit entries; each read opened is counted
// in AuditReads (a new read's id is one more than the last).
func (s *fakeSession) AuditPage(read vault.AuditRead, after int64, limit int) ([]vault.AuditEntry, vault.AuditRead, error) {
	if read == 0 {
		s.AuditReads++
		read = vault.AuditRead(s.AuditReads)
	}
	var out []vault.AuditEntry
	for _, e := range s.audit {
		if e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, read, nil
}

func (s *fakeSession) Anchor() (vault.Anchor, error) {
	s.anchors++
	return vault.Anchor{Format: vault.AnchorFormat, Seq: int64(len(s.audit))}, nil
}
func (s *fakeSession) LastAnchor() (time.Time, int64, error) {
	return s.lastAnchor, 0, nil
}
func (s *fakeSession) VerifyAudit() (int64, error) {
	if s.verify != nil {
		return 0, s.verify
	}
	return int64(len(s.audit)), nil
}

// fixture is an App on the Fyne test driver with a fake vault at "/v".
type fixture struct {
	app     *App
	win     fyne.Window
	backend *fakeBackend
	vault   *fakeVault
	logs    []string
	timers  []*func()
}

const testPass = "correct horse battery staple"

// newFixture prepares accounts for the given roles; each account is named
// after its role and has testPass.
func newFixture(t *testing.T, patients int, roles ...vault.Role) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{vault: &fakeVault{path: "/v", users: map[string]fakeAccount{}, recovery: "RECOVER-1234"}}
	for _, r := range roles {
		s := newFakeSession(vault.User{ID: "u-" + string(r), Name: string(r), Role: r}, patients)
		s.pass = testPass
		f.vault.users[string(r)] = fakeAccount{testPass, s}
	}
	f.backend = &fakeBackend{vaults: map[string]*fakeVault{"/v": f.vault}}
	f.win = test.NewTempWindow(t, widget.NewLabel(""))
	f.win.Resize(fyne.NewSize(1100, 720))
	f.app = New(f.win, Options{Backend: f.backend, Run: kit.SyncRunner, VaultPath: "/v", After: f.after,
		Logf: func(format string, args ...any) { f.logs = append(f.logs, fmt.Sprintf(format, args...)) }})
	f.app.Start()
	return f
}

// after queues f without running it: in the whole-app tests no timer fires.
func (f *fixture) after(_ time.Duration, fn func()) func() {
	p := &fn
	f.timers = append(f.timers, p)
	return func() { *p = nil }
}

func (f *fixture) session(r vault.Role) *fakeSession { return f.vault.users[string(r)].session }

// openAndUnlock goes from the start screen to the main window.
func (f *fixture) openAndUnlock(t *testing.T, user, pass string) {
	t.Helper()
	test.Tap(f.app.start.open)
	u := f.app.unlock
	if u == nil {
		t.Fatalf("no unlock screen after opening; start says %q", f.app.start.status.Text)
	}
	u.user.SetText("")
	test.Type(u.user, user)
	test.Type(u.pass, pass)
	test.Tap(u.unlock)
}
