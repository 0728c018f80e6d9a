package kit

import (
	"testing"

	"custodia/i18n"

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
}

// F1 typed into a focused field reaches the window (which shows the
// shortcuts) and leaves the cursor in the field.
func TestF1FromAFieldReachesTheWindow(t *testing.T) {
	test.NewTempApp(t)
	e := NewEscEntry()
	w := test.NewTempWindow(t, e)
	var f1 int
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyF1 {
			f1++
		}
	})
	w.Canvas().Focus(e)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	if f1 != 1 {
		t.Fatalf("F1 reached the window %d times, want 1", f1)
	}
	if w.Canvas().Focused() != e {
		t.Error("F1 took the cursor out of the field")
	}
}

// An EscSelect with nothing chosen reads "(Auswählen)" in German: Fyne's
// own placeholder is fixed English.
func TestEscSelectPlaceholderInGerman(t *testing.T) {
	test.NewTempApp(t)
	speakGerman(t)
	de := i18n.MustLoad().Localizer("de")
	if got, want := NewEscSelect([]string{"a"}, nil).PlaceHolder, de.T("dialogs9.select.placeholder"); got != want {
		t.Errorf("placeholder %q, want %q", got, want)
	}
}
