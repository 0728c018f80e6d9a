package dashboard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func (c *card) setFigure(text string) {
	c.figure.Segments = []widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleHeading, Text: text}}
	c.figure.Refresh()
}

func (c *card) setLines(objs ...fyne.CanvasObject) {
	c.lines.Objects = objs
	c.lines.Refresh()
}

func (c *card) setEntries(objs ...fyne.CanvasObject) {
	c.entries.Objects = objs
	c.entries.Refresh()
}

// plain is a word-wrapping label.
func plain(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// heading is a bold label.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// entry is a line that opens its screen when the shell gave a link, else
// plain text.
func entry(text string, open func()) fyne.CanvasObject {
	if open == nil {
		return plain(text)
	}
	b := widget.NewButton(text, open)
	b.Alignment = widget.ButtonAlignLeading
	b.Importance = widget.LowImportance
	return b
}

func vbox(objs ...fyne.CanvasObject) *fyne.Container { return container.NewVBox(objs...) }
