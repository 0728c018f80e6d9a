package kit

import (
	"fmt"
	"time"

	"custodia/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// Env is what the shell hands every feature: the window, the language the
// screens speak now, the clock, how slow work runs, the dialogs Esc closes
// and the names of users. The shell owns one Env for its window; it
// changes Loc when the language switches (and rebuilds the screens) and
// Names at every unlock.
type Env struct {
	Win fyne.Window
	Loc *i18n.Localizer
	// Run runs work off the UI goroutine and then done on it.
	Run Runner
	// After runs f on the UI goroutine after d and returns a cancel function.
	After func(d time.Duration, f func()) (cancel func())
	Now   func() time.Time
	Logf  func(format string, args ...any)
	// Touch records user activity for the idle lock.
	Touch   func()
	Dialogs *Dialogs
	Names   *Names
}

// T is Loc.T: the message id in the current language.
func (e *Env) T(id string, pairs ...any) string { return e.Loc.T(id, pairs...) }

// Describe puts err in words; internal errors are logged (the vault
// guarantees its errors carry ids, never personal data).
func (e *Env) Describe(err error) Problem {
	p := Describe(e.Loc, err)
	if p.Internal {
		e.Logf("custodia: internal error: %v", err)
	}
	return p
}

// ShowError puts err in words in a dialog.
func (e *Env) ShowError(err error) {
	p := e.Describe(err)
	dialog.ShowError(fmt.Errorf("%s", p.Message), e.Win)
}
