package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// A Select or Check takes the keyboard focus when it is clicked, and then
// receives every key; both ignore Esc, so after a choice in a dialog Esc
// did nothing. EscSelect and EscCheck pass Esc on to the window (which
// closes the top dialog) and keep every other key, so keyboard use is
// unchanged.

// EscSelect is a widget.Select whose Esc closes the dialog it is in.
type EscSelect struct {
	widget.Select
}

// NewEscSelect makes an EscSelect with options and a change callback.
func NewEscSelect(options []string, changed func(string)) *EscSelect {
	s := &EscSelect{}
	s.Options = options
	s.OnChanged = changed
	// Fyne's own placeholder is fixed English; this one comes through
	// Fyne's lang package, where SpeakFyneWords puts the app's words. A
	// select's least width is its placeholder's, so it stays as short.
	s.PlaceHolder = lang.L(selectOne)
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey passes Esc on to the window and everything else to the select.
func (s *EscSelect) TypedKey(ev *fyne.KeyEvent) {
	if !passEsc(s, ev) {
		s.Select.TypedKey(ev)
	}
}

// EscCheck is a widget.Check whose Esc closes the dialog it is in.
type EscCheck struct {
	widget.Check
}

// NewEscCheck makes an EscCheck with a label and a change callback.
func NewEscCheck(label string, changed func(bool)) *EscCheck {
	c := &EscCheck{}
	c.Text = label
	c.OnChanged = changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey passes Esc on to the window and everything else to the check.
func (c *EscCheck) TypedKey(ev *fyne.KeyEvent) {
	if !passEsc(c, ev) {
		c.Check.TypedKey(ev)
	}
}
