package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// After a click a Select or Check has the focus; Esc typed then reaches
// the window's key handler (which closes the top dialog), and other keys
// still reach the widget.
func TestEscChoicesPassEscToTheWindow(t *testing.T) {
	test.NewTempApp(t)
	sel := NewEscSelect([]string{"a", "b"}, nil)
	chk := NewEscCheck("c", nil)
	w := test.NewTempWindow(t, container.NewVBox(sel, chk))
	var escs int
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			escs++
		}
	})
	for i, f := range []fyne.Focusable{sel, chk} {
		w.Canvas().Focus(f)
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if escs != i+1 {
			t.Fatalf("Esc on %T reached the window %d times, want %d", f, escs, i+1)
		}
		if w.Canvas().Focused() != nil {
			t.Errorf("%T keeps the focus after Esc", f)
		}
	}
	w.Canvas().Focus(chk)
	chk.TypedRune(' ')
	if !chk.Checked {
		t.Error("space no longer ticks the EscCheck")
	}
	if sel.PlaceHolder == "(Select one)" {
		t.Error("EscSelect shows Fyne's English placeholder")
	}
}
