package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// steadyLines keeps room for a status or error line of up to lines lines
// of text below a centred form, whether the message is shown or not: the
// start, create, unlock and restore screens are centred in the window, so
// a message that grew the box moved every field up under the pointer.
// A longer message still grows the box.
func steadyLines(obj fyne.CanvasObject, lines int) fyne.CanvasObject {
	probe := widget.NewLabel("")
	for i := 1; i < lines; i++ {
		probe.SetText(probe.Text + "\n")
	}
	return container.New(&minHeight{h: probe.MinSize().Height}, obj)
}

// minHeight lays its objects out from the top at the full width and
// reports at least height h.
type minHeight struct{ h float32 }

func (l *minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, l.h)
	for _, o := range objs {
		m := o.MinSize()
		s = fyne.NewSize(max(s.Width, m.Width), max(s.Height, m.Height))
	}
	return s
}

func (l *minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
	}
}
