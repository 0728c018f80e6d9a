package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
)

// TestFitDialogToLeavesNoGap: a dialog sized by FitDialogTo gives its
// (scrolled) content the height it needs and not more, with one button
// or two (issue 10: dialogs size to their content).
func TestFitDialogToLeavesNoGap(t *testing.T) {
	env := testEnv(t)
	for _, two := range []bool{false, true} {
		body := canvas.NewRectangle(nil)
		need := fyne.NewSize(300, 200)
		body.SetMinSize(need)
		scroll := container.NewVScroll(body)
		var d dialog.Dialog
		if two {
			d = dialog.NewCustomConfirm("Title", "OK", "Cancel", scroll, func(bool) {}, env.Win)
		} else {
			d = dialog.NewCustom("Title", "Close", scroll, env.Win)
		}
		d.Resize(FitDialogTo(env.Win, need, fyne.Size{}))
		d.Show()
		if got := scroll.Size().Height; got < need.Height || got > need.Height+1 {
			t.Errorf("two buttons %v: the content has %.0f px height for %.0f it needs", two, got, need.Height)
		}
		d.Hide()
	}
}
