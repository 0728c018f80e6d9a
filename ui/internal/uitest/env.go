package uitest

import (
	"testing"
	"time"

	"custodia/i18n"
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Loc is the English localizer the tests word their expectations in.
func Loc() *i18n.Localizer { return i18n.MustLoad().Localizer("en") }

// Env is a kit.Env on a test window (1100×720) for session s: slow work
// runs at once, timers never fire, the clock is now.
func Env(t *testing.T, s kit.Session) *kit.Env {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel(""))
	win.Resize(fyne.NewSize(1100, 720))
	return &kit.Env{Win: win, Loc: Loc(), Run: kit.SyncRunner,
		After: func(time.Duration, func()) func() { return func() {} },
		Now:   time.Now, Logf: t.Logf, Touch: func() {},
		Dialogs: &kit.Dialogs{}, Names: kit.NewNames(s)}
}

// Show puts a screen in the env's window, as the shell's tab would.
func Show(env *kit.Env, content fyne.CanvasObject) { env.Win.SetContent(content) }

// ConfirmTopDialog taps the confirm button of the dialog on top.
func ConfirmTopDialog(t *testing.T, win fyne.Window) {
	t.Helper()
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	for _, b := range ButtonsIn(top) {
		if b.Text == "Yes" || b.Text == "OK" || b.Text == "Confirm" {
			test.Tap(b)
			return
		}
	}
	t.Fatal("no confirm button in the dialog")
}

// ButtonsIn lists the buttons laid out in o.
func ButtonsIn(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok {
			out = append(out, b)
		}
	}
	return out
}
