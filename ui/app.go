package ui

import (
	"log"
	"os"
	"path/filepath"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/backup"
	"custodia/ui/kit"
	"custodia/ui/users"

	"fyne.io/fyne/v2"
)

// prefLastVault is the only preference Custodia keeps: a file path, never
// a user name or secret.
const prefLastVault = "vault.lastPath"

// Options are what the composition root hands to the UI.
type Options struct {
	Backend Backend
	// Prefs stores the last used vault path (nothing else).
	Prefs fyne.Preferences
	// VaultPath is the CUSTODIA_VAULT environment value, if any; it wins
	// over the remembered path.
	VaultPath string
	// DefaultDir is where a new vault is proposed; "" means the home directory.
	DefaultDir string
	// DemoPatients is how many synthetic patients a new demo vault gets,
	// for the start screen's wording.
	DemoPatients int
	// Version is shown in Help and About ("" : development build).
	Version string
	// LockShortcut, if set, locks the vault from anywhere (Ctrl+L).
	LockShortcut fyne.Shortcut
	// IdleLock locks an unlocked vault after this long without activity;
	// 0 means DefaultIdleLock (it cannot be switched off), at most MaxIdleLock.
	IdleLock time.Duration
	// SessionLimit locks an unlocked vault this long after the unlock,
	// active or not; 0 means DefaultSessionLimit, at most MaxSessionLimit.
	SessionLimit time.Duration
	// After runs f on the UI goroutine after d and returns a cancel
	// function; nil: a timer and fyne.Do. Tests run f at once.
	After func(d time.Duration, f func()) (cancel func())
	Run   kit.Runner       // nil: GoRunner
	Now   func() time.Time // nil: time.Now
	Logf  func(format string, args ...any)
	// Catalog holds the messages of every shipped language; nil: the
	// embedded catalogue.
	Catalog *i18n.Catalog
	// Language is the language to start in ("en", "de"; see StartLanguage);
	// "": English. The Language menu changes it and stores the choice in
	// Prefs (prefLanguage).
	Language string
	// FyneLanguage, if set, makes Fyne's own dialogs follow a language
	// switch (FollowLanguage); tests leave it nil.
	FyneLanguage func(lang string)
	// Controller returns the practice's details printed on consent
	// receipts and access packages; nil or ErrNoController: not configured
	// (the demo vault then uses a synthetic practice).
	Controller func() (consent.Controller, error)
}

// App switches the window between the start, create, unlock and main
// screens and holds the open vault and session.
type App struct {
	opts Options
	// env is what every screen is handed: the window, the language the
	// screens speak now (language.go), the clock, the runner, the dialogs
	// Esc closes and the session's user names.
	env *kit.Env

	vault   Vault
	session kit.Session
	demo    *DemoVault
	// lastUser prefills the unlock screen after a lock; kept in memory only.
	lastUser string

	start    *startView
	create   *createView
	unlock   *unlockView
	reset    *resetView
	recovery *recoveryView
	main     *mainView
	// enrol is the forced second-factor enrolment screen while shown.
	enrol *users.EnrolView
	// restore is the restore-from-backup screen while shown.
	restore *backup.RestoreView

	idle *idleLock
}

// New builds the UI in win. Call Start to show the first screen.
func New(win fyne.Window, opts Options) *App {
	if opts.Run == nil {
		opts.Run = kit.GoRunner
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.After == nil {
		opts.After = afterOnUI
	}
	if opts.Logf == nil {
		opts.Logf = log.Printf
	}
	if opts.Catalog == nil {
		opts.Catalog = i18n.MustLoad()
	}
	a := &App{opts: opts}
	a.env = &kit.Env{Win: win, Loc: opts.Catalog.Localizer(opts.Language), Run: opts.Run, After: opts.After,
		Now: opts.Now, Logf: opts.Logf, Touch: a.touch, Dialogs: &kit.Dialogs{}}
	a.idle = newIdleLock(opts.IdleLock, opts.SessionLimit, opts.Now, a.lock)
	if opts.LockShortcut != nil {
		win.Canvas().AddShortcut(opts.LockShortcut, func(fyne.Shortcut) { a.lock() })
	}
	a.installKeys()
	return a
}

// afterOnUI is the production Options.After.
func afterOnUI(d time.Duration, f func()) func() {
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

// Start shows the start screen.
func (a *App) Start() { a.showStart() }

// touch records user activity for the idle lock.
func (a *App) touch() { a.idle.touch() }

// lock drops the session keys, closes every dialog (they may show patient
// data) and returns to the unlock screen. Harmless when nothing is unlocked.
func (a *App) lock() {
	if a.session == nil {
		return
	}
	problem := a.writeLockAnchor()
	a.main.closeResearch()
	a.session.Lock()
	a.session = nil
	a.env.Names = nil
	a.main = nil
	a.idle.stop()
	a.closeOverlays()
	a.env.Win.SetMainMenu(a.baseMenu())
	a.showUnlock(a.vault)
	a.reportLockAnchor(problem)
}

// Shutdown drops the keys and closes the vault file without touching the
// window; for when the application stops.
func (a *App) Shutdown() {
	a.idle.stop()
	if a.recovery != nil {
		a.recovery.Sheet.cleanup() // temporary print files of the recovery sheet
	}
	if a.session != nil {
		_ = a.writeLockAnchor() // quitting: logged, nobody left to tell
		a.session.Lock()
		a.session = nil
	}
	if a.vault != nil {
		if err := a.vault.Close(); err != nil {
			a.env.Logf("custodia: closing vault: %v", err)
		}
		a.vault = nil
	}
}

// closeVault locks if needed, closes the vault file and shows the start screen.
func (a *App) closeVault() {
	a.lock()
	if a.vault != nil {
		if err := a.vault.Close(); err != nil {
			a.env.Logf("custodia: closing vault: %v", err)
		}
	}
	a.vault, a.demo, a.unlock, a.lastUser = nil, nil, nil, ""
	a.showStart()
}

func (a *App) closeOverlays() {
	ov := a.env.Win.Canvas().Overlays()
	a.env.Dialogs.Forget()
	for top := ov.Top(); top != nil; top = ov.Top() {
		ov.Remove(top)
	}
}

// setContent swaps the screen.
func (a *App) setContent(c fyne.CanvasObject) {
	a.start, a.create, a.reset, a.recovery = nil, nil, nil, nil
	a.env.Win.SetContent(c)
}

// rememberPath stores the vault path (only the path) for next time.
func (a *App) rememberPath(path string) {
	if a.opts.Prefs != nil {
		a.opts.Prefs.SetString(prefLastVault, path)
	}
}

// initialPath is CUSTODIA_VAULT, else the remembered path.
func (a *App) initialPath() string {
	if a.opts.VaultPath != "" {
		return a.opts.VaultPath
	}
	if a.opts.Prefs != nil {
		return a.opts.Prefs.String(prefLastVault)
	}
	return ""
}

func (a *App) defaultNewPath() string {
	dir := a.opts.DefaultDir
	if dir == "" {
		dir, _ = os.UserHomeDir()
	}
	return filepath.Join(dir, "practice.vault")
}

func (a *App) showStart() {
	a.start = nil
	v := newStartView(a)
	a.setContent(v.content)
	a.env.Win.SetMainMenu(a.baseMenu())
	a.start = v
}

func (a *App) showCreate() {
	v := newCreateView(a)
	a.setContent(v.content)
	a.create = v
}

// openPath opens a vault file and shows its unlock screen.
func (a *App) openPath(path string, demo *DemoVault, done func(error)) {
	var v Vault
	var err error
	a.env.Run(func() { v, err = a.opts.Backend.Open(path) }, func() {
		if done != nil {
			done(err)
		}
		if err != nil {
			return
		}
		a.vault, a.demo = v, demo
		if demo == nil {
			a.rememberPath(path)
		}
		a.showUnlock(v)
	})
}

func (a *App) showUnlock(v Vault) {
	u := newUnlockView(a, v, a.demo)
	a.setContent(u.content)
	a.unlock = u
	a.env.Win.Canvas().Focus(u.user)
	if u.user.Text != "" {
		a.env.Win.Canvas().Focus(u.pass)
	}
}

// unlocked is called with a fresh session from the unlock screen.
func (a *App) unlocked(s kit.Session, mustReset bool) {
	a.session = s
	a.env.Names = kit.NewNames(s)
	a.lastUser = s.User().Name
	a.unlock = nil
	if mustReset {
		r := newResetView(a, s)
		a.setContent(r.content)
		a.reset = r
		return
	}
	if sf, ok := s.(kit.SecondFactor); ok && sf.EnrolmentRequired() {
		a.showEnrolment(sf)
		return
	}
	a.showMain()
}

func (a *App) showMain() {
	a.buildMain()
	a.idle.start()
	users.NoticePendingKeys(a.env, a.session)
}

// buildMain makes the main view for the session and shows it.
func (a *App) buildMain() {
	a.main.closeResearch()
	m := newMainView(a, a.session)
	a.main = m
	a.setContent(m.content)
	a.env.Win.SetMainMenu(m.menu())
}
