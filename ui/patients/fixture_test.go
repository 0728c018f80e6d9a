package patients

import (
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fixture is the patients view of one role over synthetic patients
// (uitest.Patients) in a test window; timers run only when advanced.
type fixture struct {
	env    *kit.Env
	s      *uitest.Session
	v      *View
	timers *delayTimers
}

// newFixture shows the patients view as the shell's tab would, signed in
// as role, over n synthetic patients.
func newFixture(t *testing.T, n int, role vault.Role) *fixture {
	t.Helper()
	return newFixtureIn(t, n, role, "en")
}

// newFixtureIn is newFixture with the screens in language lang.
func newFixtureIn(t *testing.T, n int, role vault.Role, lang string) *fixture {
	t.Helper()
	u := vault.User{ID: "u-" + string(role), Name: string(role), Role: role}
	s := uitest.NewSession(u)
	s.Patients = uitest.NewPatients(u, n)
	f := &fixture{s: s, env: uitest.Env(t, s), timers: &delayTimers{}}
	f.env.After = f.timers.after
	f.env.Loc = i18n.MustLoad().Localizer(lang)
	f.v = New(f.env, s, Hooks{})
	uitest.Show(f.env, f.v.Content())
	f.v.Activate()
	return f
}

// fire runs every pending timer (a pause in typing).
func (f *fixture) fire() int { return f.timers.advance(time.Hour) }

// closeOverlays closes every dialog.
func (f *fixture) closeOverlays() {
	ov := f.env.Win.Canvas().Overlays()
	for top := ov.Top(); top != nil; top = ov.Top() {
		ov.Remove(top)
	}
}

// delayTimers is kit.Env.After with the delays kept: advance runs, in
// order, the timers due by a moment since they were set. No real time
// passes.
type delayTimers struct {
	pending []delayTimer
}

type delayTimer struct {
	d time.Duration
	f *func()
}

func (c *delayTimers) after(d time.Duration, f func()) func() {
	p := &f
	c.pending = append(c.pending, delayTimer{d, p})
	return func() { *p = nil }
}

// advance runs the timers due by to and reports how many ran.
func (c *delayTimers) advance(to time.Duration) int {
	n := 0
	slices.SortStableFunc(c.pending, func(a, b delayTimer) int { return int(a.d - b.d) })
	for len(c.pending) > 0 && c.pending[0].d <= to {
		f := c.pending[0].f
		c.pending = c.pending[1:]
		if *f != nil {
			(*f)()
			n++
		}
	}
	return n
}

// containsText reports whether a label or text laid out in o contains s.
func containsText(o fyne.CanvasObject, s string) bool {
	if o == nil {
		return false
	}
	for _, c := range test.LaidOutObjects(o) {
		switch w := c.(type) {
		case *widget.Label:
			if strings.Contains(w.Text, s) {
				return true
			}
		case *canvas.Text:
			if strings.Contains(w.Text, s) {
				return true
			}
		}
	}
	return false
}
