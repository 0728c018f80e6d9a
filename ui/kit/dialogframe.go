package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
)

// DialogFrame is what a dialog adds around its content: its title row, its
// button row and the paddings of the dialog and of the pop-up it sits in.
// The height is measured on a dialog with an empty content and two buttons
// with icons (as a confirmation has), so a dialog sized to need plus this
// frame shows its content with no gap below it; the width keeps a
// scroll bar's room beside the content, which most dialogs wrap in a
// scroller.
func DialogFrame(win fyne.Window) fyne.Size {
	empty := canvas.NewRectangle(nil)
	d := dialog.NewCustomConfirm("Ag", "Ag", "Ag", empty, func(bool) {}, win)
	return fyne.NewSize(2*theme.Padding()+40, d.MinSize().Height)
}
