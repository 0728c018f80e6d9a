package research

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// rowList is a list of two-line rows (a bold title and a line below)
// whose lines wrap instead of being cut: each row is as tall as its text
// needs at the list's current width, so a long "for …" line or a long
// study name is shown whole at any window size and in any language.
type rowList struct {
	*widget.List
	length func() int
	lines  func(i int) (title, line string)
	// probe measures a row's height; it is never shown.
	probe *fyne.Container
	width float32
	// Content is the list in a container that tells it its width.
	Content fyne.CanvasObject
}

func newRowList(length func() int, lines func(i int) (title, line string)) *rowList {
	r := &rowList{length: length, lines: lines, probe: twoLines().(*fyne.Container)}
	r.List = widget.NewList(length, twoLines, func(i widget.ListItemID, o fyne.CanvasObject) {
		t, l := r.lines(i)
		setTwoLines(o, t, l)
	})
	r.Content = container.New(widthLayout{r}, r.List)
	return r
}

// Refresh recomputes the rows' heights and redraws them (after the data
// changed).
func (r *rowList) Refresh() {
	r.fit()
	r.List.Refresh()
}

// fit sets every row's height for the current width.
func (r *rowList) fit() {
	if r.width <= 0 {
		return
	}
	for i := range r.length() {
		r.List.SetItemHeight(i, r.rowHeight(i, r.width))
	}
}

// rowHeight is the height row i needs at width w.
func (r *rowList) rowHeight(i int, w float32) float32 {
	t, l := r.lines(i)
	setTwoLines(r.probe, t, l)
	h := r.probe.MinSize().Height
	for range 3 { // wrapped labels measure at the width they were given
		r.probe.Resize(fyne.NewSize(w, h))
		if next := r.probe.MinSize().Height; next != h {
			h = next
			continue
		}
		break
	}
	return h
}

// widthLayout gives its one object the whole space and refits the rows
// when the width changes.
type widthLayout struct{ r *rowList }

func (l widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (l widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	if size.Width != l.r.width {
		l.r.width = size.Width
		l.r.fit()
	}
}

func twoLines() fyne.CanvasObject {
	top := widget.NewLabel("")
	top.TextStyle.Bold = true
	top.Wrapping = fyne.TextWrapWord
	bottom := widget.NewLabel("")
	bottom.Wrapping = fyne.TextWrapWord
	return container.NewVBox(top, bottom)
}

func setTwoLines(o fyne.CanvasObject, top, bottom string) {
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(top)
	c.Objects[1].(*widget.Label).SetText(bottom)
}
