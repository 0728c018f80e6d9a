package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// SubmitOnEnter makes Enter in every single-line text field of form press
// the form's primary button, as a click would: the same validation path,
// so a refused form stays open with its messages. Enter does nothing
// while the button is hidden or disabled. Multi-line fields keep Enter
// for a new line, and a field that already does something on Enter
// (OnSubmitted set, e.g. a search) keeps it. Destructive confirmations
// (erasure, destroying a key, purging) are never wired: they need the
// click.
//
// form is searched through containers, scrollers, splits, cards, tabs
// and widget.Form rows as they are now; call it once the fields exist.
func SubmitOnEnter(primary *widget.Button, form ...fyne.CanvasObject) {
	wireEnter(func() {
		if primary.Visible() && !primary.Disabled() && primary.OnTapped != nil {
			primary.OnTapped()
		}
	}, form)
}

// ConfirmOnEnter is SubmitOnEnter for a confirm dialog: Enter in a
// single-line field of form presses the dialog's confirm button. When the
// confirmation is refused and the dialog shows again with its message,
// the cursor is back in the field the person pressed Enter in, unless the
// form put it in the field to mend (a closing dialog drops the focus, and
// Fyne left the field drawn as focused).
func ConfirmOnEnter(d *dialog.ConfirmDialog, form ...fyne.CanvasObject) {
	fields := singleLineFields(form)
	for _, f := range fields {
		if f.e.OnSubmitted != nil {
			continue
		}
		f.e.OnSubmitted = func(string) {
			c := fyne.CurrentApp().Driver().CanvasForObject(f.w)
			d.Confirm()
			if c == nil || c.Focused() != nil || !onTop(c, f.w) {
				return // closed, or the form put the cursor where the problem is
			}
			for _, other := range fields {
				other.e.FocusLost()
			}
			c.Focus(f.w)
		}
	}
}

// onTop reports whether o is in the dialog on top of c.
func onTop(c fyne.Canvas, o fyne.CanvasObject) bool {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok || !pop.Visible() {
		return false
	}
	found := false
	walkObjects(pop.Content, func(x fyne.CanvasObject) { found = found || x == o })
	return found
}

// wireEnter sets OnSubmitted of every single-line field under form that
// has none to press.
func wireEnter(press func(), form []fyne.CanvasObject) {
	for _, f := range singleLineFields(form) {
		if f.e.OnSubmitted == nil {
			f.e.OnSubmitted = func(string) { press() }
		}
	}
}

// SingleLineFields are the enabled-or-not single-line text entries under
// objs, in the order a person tabs through them.
func SingleLineFields(objs ...fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	for _, f := range singleLineFields(objs) {
		out = append(out, f.e)
	}
	return out
}

// textField is a text field: the widget that takes the focus (an
// EscEntry, a PrivateEntry …) and its entry.
type textField struct {
	w focusable
	e *widget.Entry
}

// focusable is a widget that takes the focus.
type focusable interface {
	fyne.CanvasObject
	fyne.Focusable
}

func singleLineFields(objs []fyne.CanvasObject) []textField {
	var out []textField
	for _, o := range objs {
		walkFields(o, func(f textField) {
			if !f.e.MultiLine {
				out = append(out, f)
			}
		})
	}
	return out
}

// walkFields calls found for every text field under o.
func walkFields(o fyne.CanvasObject, found func(textField)) {
	if o == nil {
		return
	}
	if e := entryOf(o); e != nil {
		found(textField{o.(focusable), e})
		return
	}
	if e, ok := o.(*widget.SelectEntry); ok {
		found(textField{e, &e.Entry})
		return
	}
	for _, c := range childrenOf(o) {
		walkFields(c, found)
	}
}

// childrenOf are the objects o holds that may hold fields.
func childrenOf(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case *container.Scroll:
		return []fyne.CanvasObject{x.Content}
	case *container.Split:
		return []fyne.CanvasObject{x.Leading, x.Trailing}
	case *widget.Card:
		return []fyne.CanvasObject{x.Content}
	case *widget.Form:
		var out []fyne.CanvasObject
		for _, it := range x.Items {
			out = append(out, it.Widget)
		}
		return out
	case *container.AppTabs:
		var out []fyne.CanvasObject
		for _, it := range x.Items {
			out = append(out, it.Content)
		}
		return out
	case *widget.Accordion:
		var out []fyne.CanvasObject
		for _, it := range x.Items {
			out = append(out, it.Detail)
		}
		return out
	}
	return nil
}
