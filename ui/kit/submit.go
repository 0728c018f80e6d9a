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
// single-line field of form presses the dialog's confirm button.
func ConfirmOnEnter(d *dialog.ConfirmDialog, form ...fyne.CanvasObject) {
	wireEnter(d.Confirm, form)
}

// wireEnter sets OnSubmitted of every single-line field under form that
// has none to press.
func wireEnter(press func(), form []fyne.CanvasObject) {
	for _, e := range SingleLineFields(form...) {
		if e.OnSubmitted == nil {
			e.OnSubmitted = func(string) { press() }
		}
	}
}

// SingleLineFields are the enabled-or-not single-line text entries under
// objs, in the order a person tabs through them.
func SingleLineFields(objs ...fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	for _, o := range objs {
		walkFields(o, func(e *widget.Entry) {
			if !e.MultiLine {
				out = append(out, e)
			}
		})
	}
	return out
}

// walkFields calls found for every text entry under o.
func walkFields(o fyne.CanvasObject, found func(*widget.Entry)) {
	if o == nil {
		return
	}
	if e := entryOf(o); e != nil {
		found(e)
		return
	}
	if e, ok := o.(*widget.SelectEntry); ok {
		found(&e.Entry)
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
