package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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

// headingBar is a heading with buttons at its end; the heading wraps
// rather than widening the window when the words are long (German).
func headingBar(text string, buttons ...fyne.CanvasObject) *fyne.Container {
	h := heading(text)
	h.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), h)
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
