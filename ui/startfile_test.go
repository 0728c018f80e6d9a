package ui

import (
	"fmt"
	"testing"

	"custodia/ui/kit"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestStartFileDialogFits: the start screen's "Browse…" opens its file
// dialog at kit.FileDialogSize (room for the folder tree and the files,
// at most the window), not at a fixed size, at both screen sizes in
// English and German.
func TestStartFileDialogFits(t *testing.T) {
	for _, lang := range layoutLanguages {
		for _, size := range dialogSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f := newLayoutFixture(t, size, lang)
				if f.app.start == nil {
					t.Fatal("no start screen")
				}
				f.app.start.pickFile()
				pop, ok := f.win.Canvas().Overlays().Top().(*widget.PopUp)
				if !ok {
					t.Fatal("no file dialog")
				}
				// the pop-up's content is the dialog less its frame
				want, got, frame := kit.FileDialogSize(f.win), pop.Content.Size(), 2*theme.InnerPadding()
				if got.Width > want.Width || got.Height > want.Height || want.Width-got.Width > frame || want.Height-got.Height > frame {
					t.Errorf("file dialog content %v: not sized as kit.FileDialogSize %v", got, want)
				}
				f.showsWhole(t, "open-vault file dialog")
			})
		}
	}
}

// TestStartBusyDisablesRestore: while a vault opens (the demo vault is
// prepared, or a file is opened) every way off the start screen waits,
// "Restore from a backup" too, and comes back afterwards.
func TestStartBusyDisablesRestore(t *testing.T) {
	a, _ := realFixture(t)
	a.showStart()
	v := a.start
	if v == nil || v.restore == nil {
		t.Fatal("no restore button on the start screen")
	}
	v.busy(true, "")
	if !v.restore.Disabled() || !v.create.Disabled() {
		t.Errorf("while busy: restore disabled %v, create disabled %v; want both", v.restore.Disabled(), v.create.Disabled())
	}
	v.busy(false, "")
	if v.restore.Disabled() {
		t.Error("restore stays disabled after the work")
	}
}
