package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// passEsc hands Esc typed into a focused entry on to its window: the
// desktop driver gives keys to the focused widget only, and an entry
// ignores Esc, so without this Esc could not close a dialog while the
// cursor is in one of its fields. The window's key handler closes the top
// dialog (App.installKeys).
func passEsc(o fyne.CanvasObject, ev *fyne.KeyEvent) bool {
	if ev.Name != fyne.KeyEscape || fyne.CurrentApp() == nil {
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return false
	}
	c.Unfocus()
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
	return true
}

// TypedKey passes Esc on to the window and everything else to the entry.
func (e *PrivateEntry) TypedKey(ev *fyne.KeyEvent) {
	if !passEsc(e, ev) {
		e.Entry.TypedKey(ev)
	}
}

// EscEntry is a widget.Entry for dialogs whose Esc closes the dialog.
type EscEntry struct {
	widget.Entry
}

// TypedKey passes Esc on to the window and everything else to the entry.
func (e *EscEntry) TypedKey(ev *fyne.KeyEvent) {
	if !passEsc(e, ev) {
		e.Entry.TypedKey(ev)
	}
}

// NewEscEntry makes a single-line EscEntry.
func NewEscEntry() *EscEntry {
	e := &EscEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// NewEscMultiLineEntry makes a multi-line EscEntry that wraps words.
func NewEscMultiLineEntry() *EscEntry {
	e := &EscEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// NewEscPasswordEntry makes an EscEntry that hides what is typed.
func NewEscPasswordEntry() *EscEntry {
	e := &EscEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrapOff
	e.ExtendBaseWidget(e)
	return e
}
