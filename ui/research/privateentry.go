package research

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// privateEntry is a text entry for what may be personal data (a
// re-identification's reason): it refuses Copy and Cut, so the text never
// reaches the clipboard or a clipboard history, and it hands Esc on to
// the window (whose key handler closes the top dialog). The ui root has
// the same widget (ui.PrivateEntry); this package cannot import the root.
type privateEntry struct {
	widget.Entry
}

func newPrivateEntry(multiLine bool) *privateEntry {
	e := &privateEntry{}
	if multiLine {
		e.MultiLine = true
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut drops Copy and Cut and passes everything else on.
func (e *privateEntry) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutCopy, *fyne.ShortcutCut:
		return
	}
	e.Entry.TypedShortcut(s)
}

// TypedKey passes Esc on to the window and everything else to the entry.
func (e *privateEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && fyne.CurrentApp() != nil {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			c.Unfocus()
			if h := c.OnTypedKey(); h != nil {
				h(ev)
			}
			return
		}
	}
	e.Entry.TypedKey(ev)
}

// tabContent is the Research tab's root: it tells the view when the tab
// is left (the tabs hide the content of a tab not shown), so that a
// re-identification's result is cleared then.
type tabContent struct {
	widget.BaseWidget
	inner  fyne.CanvasObject
	onHide func()
}

func newTabContent(inner fyne.CanvasObject, onHide func()) *tabContent {
	t := &tabContent{inner: inner, onHide: onHide}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tabContent) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.inner) }

// Hide clears what must not outlive the page, then hides.
func (t *tabContent) Hide() {
	t.onHide()
	t.BaseWidget.Hide()
}
