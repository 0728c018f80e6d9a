package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestPrivateEntryKeepsDataOffTheClipboard(t *testing.T) {
	a := test.NewTempApp(t)
	e := NewPrivateEntry()
	test.NewTempWindow(t, e)
	clip := a.Clipboard()
	clip.SetContent("unrelated")
	test.Type(e, "Family")
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	e.TypedShortcut(&fyne.ShortcutCopy{Clipboard: clip})
	e.TypedShortcut(&fyne.ShortcutCut{Clipboard: clip})
	if got := clip.Content(); got != "unrelated" {
		t.Fatalf("clipboard holds %q after copy/cut of a patient field", got)
	}
	if e.Text == "" {
		t.Fatal("cut removed the text although it was refused")
	}
	clip.SetContent("pasted")
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	if e.Text != "pasted" {
		t.Fatalf("paste into a selected field gave %q", e.Text)
	}
}
