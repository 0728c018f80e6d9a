package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A TextTable's rows are what people pick (a request, a consent event), so
// a selected row reads as selected across all its cells. Fyne's table
// (2.7) marks the one selected cell; every other cell of that row gets a
// mark of the same colour and shape behind its text, so the row shows one
// even band whether it was picked by a click, by Space after the arrow
// keys, or by Select.

// noCell is "no cell selected".
var noCell = widget.TableCellID{Row: -1, Col: -1}

// newRowCell is a table cell: a selection mark, hidden until its row is
// selected, behind an ellipsised label.
func newRowCell() fyne.CanvasObject {
	mark := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	mark.CornerRadius = theme.Size(theme.SizeNameSelectionRadius)
	mark.Hide()
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(mark, l)
}

// showRowMark shows a cell's mark when its row is selected, except on the
// selected cell itself, which the table marks, and returns its label.
func (t *TextTable) showRowMark(id widget.TableCellID, o fyne.CanvasObject) *widget.Label {
	c := o.(*fyne.Container)
	mark := c.Objects[0].(*canvas.Rectangle)
	if id.Row == t.selected.Row && id.Col != t.selected.Col {
		mark.FillColor = theme.Color(theme.ColorNameSelection)
		mark.Show()
	} else {
		mark.Hide()
	}
	return c.Objects[1].(*widget.Label)
}

// markRow records the selected cell and redraws the rows it leaves and
// enters.
func (t *TextTable) markRow(id widget.TableCellID) {
	old := t.selected
	t.selected = id
	for _, row := range []int{old.Row, id.Row} {
		if row < 0 || row >= len(t.rows) {
			continue
		}
		for col := range t.headers {
			t.RefreshItem(widget.TableCellID{Row: row, Col: col})
		}
	}
}

// SelectedRow is the selected row, -1 when none is.
func (t *TextTable) SelectedRow() int { return t.selected.Row }
