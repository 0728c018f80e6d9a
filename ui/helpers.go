package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameHeadingText
	return l
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// removeEmpty deletes path if it is an empty file (left by a save dialog).
func removeEmpty(path string) error {
	st, err := os.Stat(path)
	if err != nil || st.Size() != 0 {
		return err
	}
	return os.Remove(path)
}

func setEnabled(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}
