package ui

import (
	"testing"

	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestPrivateEntryKeepsDataOffTheClipboard(t *testing.T) {
	f, v := unlockedPatients(t, 5, vault.RoleAdmin)
	_ = f
	v.list.Select(0)
	clip := fyne.CurrentApp().Clipboard()
	clip.SetContent("unrelated")
	e := v.Form.entries[FieldFamilyName]
	test.Type(e, "x")
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
