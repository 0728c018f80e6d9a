package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// PrivateEntry is a text entry for personal data: it refuses Copy and Cut
// (keyboard and context menu alike), so patient data never reaches the
// system clipboard or a clipboard history. Paste still works.
type PrivateEntry struct {
	widget.Entry
}

// NewPrivateEntry makes a single-line PrivateEntry.
func NewPrivateEntry() *PrivateEntry {
	e := &PrivateEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// NewPrivateMultiLineEntry makes a multi-line PrivateEntry.
func NewPrivateMultiLineEntry() *PrivateEntry {
	e := &PrivateEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut drops Copy and Cut and passes everything else on.
func (e *PrivateEntry) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutCopy, *fyne.ShortcutCut:
		return
	}
	e.Entry.TypedShortcut(s)
}
