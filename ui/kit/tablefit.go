package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fitColumns sets each column to its least width, its header's and its
// longest cell's, at most TextColumnMax: codes, dates and names are never cut.
func (t *TextTable) fitColumns() {
	for col, h := range t.headers {
		w := cellWidth(TableCell{Text: h, Bold: true})
		if col < len(t.widths) {
			w = max(w, t.widths[col])
		}
		for _, row := range t.rows {
			if col < len(row) {
				w = max(w, cellWidth(row[col]))
			}
		}
		t.setWidth(col, min(w, TextColumnMax))
	}
}

func (t *TextTable) setWidth(col int, w float32) {
	if len(t.colWidths) < len(t.headers) {
		t.colWidths = make([]float32, len(t.headers))
	}
	if t.colWidths[col] != w {
		t.colWidths[col] = w
		t.SetColumnWidth(col, w)
	}
}

// columnWidth is the width fitColumns gave a column.
func (t *TextTable) columnWidth(col int) float32 {
	if col < len(t.colWidths) {
		return t.colWidths[col]
	}
	return 0
}

// cellWidth is the width a label needs to show a cell's text whole.
func cellWidth(c TableCell) float32 { return TextWidth(c.Text, c.Bold) }

// TextWidth is the width a table label needs to show text whole.
func TextWidth(text string, bold bool) float32 {
	th := theme.Current()
	return fyne.MeasureText(text, th.Size(theme.SizeNameText), fyne.TextStyle{Bold: bold}).Width +
		2*th.Size(theme.SizeNameInnerPadding) + 1
}

// rowsShown asks for the height of a table's header and up to n of its
// rows, so a dialog or split gives the rows room instead of a few lines.
type rowsShown struct {
	t *TextTable
	n int
}

func (l rowsShown) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(objs[0].MinSize().Width, l.t.rowsHeight(min(len(l.t.rows), l.n)))
}

// rowsHeight is the height widget.Table lays its header and n rows out in:
// the header template's height, each row its cell template's, and the
// table theme's padding between two rows (the table's separator; none
// between the header and the first row).
func (t *TextTable) rowsHeight(n int) float32 {
	h := t.CreateHeader().MinSize().Height
	if n <= 0 {
		return h
	}
	pad := t.Theme().Size(theme.SizeNamePadding)
	return h + float32(n)*t.CreateCell().MinSize().Height + float32(n-1)*pad
}

func (l rowsShown) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// ShowingRows wraps a table so its header and up to n rows are visible.
func ShowingRows(t *TextTable, n int) *fyne.Container {
	return &fyne.Container{Layout: rowsShown{t, n}, Objects: []fyne.CanvasObject{t}}
}

// FitDialog sizes a dialog to its content's needs, at least least and at
// most 95 % of the window (the content scrolls inside beyond that).
func FitDialog(win fyne.Window, content fyne.CanvasObject, least fyne.Size) fyne.Size {
	size := FitDialogTo(win, content.MinSize(), least)
	// a wrapping text knows its lines only once laid out: measure again
	// at the width the dialog gives its content
	content.Resize(fyne.NewSize(size.Width-DialogFrame(win).Width, content.MinSize().Height))
	return FitDialogTo(win, content.MinSize(), least)
}

// FitDialogTo sizes a dialog whose content needs need (measured without its
// scroller: what it takes to show it whole) plus the dialog's title and
// button rows: at least least, and at most 95 % of the window, where the
// content scrolls instead. least itself never exceeds the window.
func FitDialogTo(win fyne.Window, need, least fyne.Size) fyne.Size {
	c := win.Canvas().Size()
	most := fyne.NewSize(c.Width*0.95, c.Height*0.95)
	least = least.Min(most)
	want := need.Add(DialogFrame(win)).Max(least)
	return want.Min(most)
}

// DialogFitsWidth reports whether a dialog whose content needs need fits
// the window's width whole (FitDialogTo then gives it all it asks for).
func DialogFitsWidth(win fyne.Window, need fyne.Size) bool {
	return need.Width+DialogFrame(win).Width <= win.Canvas().Size().Width*0.95
}

// FullWidth is the width the table needs to show every column whole,
// with the column separators.
func (t *TextTable) FullWidth() float32 {
	w := float32(0)
	for col := range t.headers {
		w += t.columnWidth(col) + theme.Padding()
	}
	return w
}

// LabelRowHeight is the height of one row of a TextTable: a label's line
// (the sample "Ag" is measured, never shown) and the padding widget.Table
// puts between rows.
func LabelRowHeight() float32 {
	return widget.NewLabel("Ag").MinSize().Height + theme.Padding()
}
