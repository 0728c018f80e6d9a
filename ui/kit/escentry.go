package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// passEsc hands Esc and F1 typed into a focused entry (or select or
// check box) on to its window: the desktop driver gives keys to the
// focused widget only, and these widgets ignore both keys, so without this
// Esc could not close a dialog while the cursor is in one of its fields,
// and F1 could not show the shortcuts. The window's key handler closes the
// top dialog or shows the shortcuts (App.installKeys). Esc also takes the
// focus away; F1 leaves the cursor where it is.
func passEsc(o fyne.CanvasObject, ev *fyne.KeyEvent) bool {
	if (ev.Name != fyne.KeyEscape && ev.Name != fyne.KeyF1) || fyne.CurrentApp() == nil {
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return false
	}
	if ev.Name == fyne.KeyEscape {
		c.Unfocus()
	}
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
