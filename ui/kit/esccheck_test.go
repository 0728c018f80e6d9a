package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
)

// TestEscFromACheckBoxReachesTheWindow: a box of a CheckGrid keeps the
// focus once clicked; Esc typed then reaches the window's key handler
// (which closes the top dialog in the app) instead of being swallowed,
// and Space still ticks the box.
func TestEscFromACheckBoxReachesTheWindow(t *testing.T) {
	env := testEnv(t)
	g := NewCheckGrid([]string{"a", "b"}, 2, func(s string) string { return s })
	d := dialog.NewCustom("Boxes", "Close", g.Box, env.Win)
	d.Show()
	escs := 0
	env.Win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			escs++
			d.Hide()
		}
	})
	box := g.checks[0]
	test.Tap(box)
	env.Win.Canvas().Focus(box)
	if env.Win.Canvas().Focused() != box {
		t.Fatal("the box took no focus")
	}
	box.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if escs != 1 || env.Win.Canvas().Overlays().Top() != nil {
		t.Errorf("Esc in a focused box: window saw %d, dialog open %v", escs, env.Win.Canvas().Overlays().Top() != nil)
	}
	if got := g.Selected(); len(got) != 1 || got[0] != "a" {
		t.Errorf("after a tap the grid holds %v, want [a]", got)
	}
}
