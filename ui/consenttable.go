package ui

import (
	"custodia/ui/kit"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// tableCell is the text of one cell and how it is emphasised.
type tableCell struct {
	text string
	imp  widget.Importance
	bold bool
}

func cell(text string) tableCell { return tableCell{text: text} }

// textTable is a read-only table of labels with a header row, used by the
// consent, request and governance screens. Rows are replaced as a whole.
type textTable struct {
	*widget.Table
	headers []string
	rows    [][]tableCell
	// OnSelected is called with the row index.
	OnSelected func(row int)
	// onRowShown is called with a row index before one of its cells is
	// drawn (the row is visible); it may change the row's cells.
	onRowShown func(row int)
	updating   bool
	// widths are the columns' least widths; a column grows to its header
	// and its longest cell, up to textColumnMax.
	widths    []float32
	colWidths []float32 // what fitColumns set
}

// textColumnMax is the widest a table column grows to fit its cells; a
// longer text (a legal source, a free-text reason) is cut with an ellipsis
// in the table and shown whole where the row is opened.
const textColumnMax = 520

func newTextTable(headers []string, widths []float32) *textTable {
	t := &textTable{headers: headers}
	t.Table = widget.NewTable(
		func() (int, int) { return len(t.rows), len(t.headers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		t.update)
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject { return kit.BoldLabel("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(t.headers) {
			o.(*widget.Label).SetText(t.headers[id.Col])
		}
	}
	t.widths = widths
	t.fitColumns()
	t.Table.OnSelected = func(id widget.TableCellID) {
		if t.OnSelected != nil && id.Row >= 0 && id.Row < len(t.rows) {
			t.OnSelected(id.Row)
		}
	}
	return t
}

func (t *textTable) update(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if t.onRowShown != nil && id.Row < len(t.rows) {
		t.updating = true
		t.onRowShown(id.Row)
		t.updating = false
	}
	if id.Row >= len(t.rows) || id.Col >= len(t.rows[id.Row]) {
		l.SetText("")
		return
	}
	c := t.rows[id.Row][id.Col]
	l.Importance = c.imp
	l.TextStyle.Bold = c.bold
	l.SetText(c.text)
}

// SetRows replaces the rows and clears the selection.
func (t *textTable) SetRows(rows [][]tableCell) {
	t.rows = rows
	t.UnselectAll()
	t.fitColumns()
	t.Refresh()
}

// SetCellText changes one cell's text in place, keeping the selection.
// Inside onRowShown the table is being drawn, so the change shows without
// a refresh.
func (t *textTable) SetCellText(row, col int, text string) {
	if row < 0 || row >= len(t.rows) || col < 0 || col >= len(t.rows[row]) || t.rows[row][col].text == text {
		return
	}
	t.rows[row][col].text = text
	if w := cellWidth(t.rows[row][col]); w > t.columnWidth(col) {
		t.setWidth(col, min(w, textColumnMax))
	}
	if !t.updating {
		t.RefreshItem(widget.TableCellID{Row: row, Col: col})
	}
}

// Cell returns the text of a cell, "" outside the table.
func (t *textTable) Cell(row, col int) string {
	if row < 0 || row >= len(t.rows) || col < 0 || col >= len(t.rows[row]) {
		return ""
	}
	return t.rows[row][col].text
}

// CellImportance returns the emphasis of a cell.
func (t *textTable) CellImportance(row, col int) widget.Importance {
	if row < 0 || row >= len(t.rows) || col < 0 || col >= len(t.rows[row]) {
		return widget.MediumImportance
	}
	return t.rows[row][col].imp
}

// Len is the number of rows.
func (t *textTable) Len() int { return len(t.rows) }

// checkGrid is a set of check boxes laid out in columns (a horizontal
// CheckGroup overflows with many options).
type checkGrid struct {
	label   func(string) string // what a box shows for an option
	options []string
	checks  []*widget.Check
	box     *fyne.Container
}

func newCheckGrid(options []string, cols int, label func(string) string) *checkGrid {
	g := &checkGrid{box: container.NewGridWithColumns(cols), label: label}
	g.SetOptions(options)
	return g
}

// SetOptions replaces the options; none is ticked.
func (g *checkGrid) SetOptions(options []string) {
	g.options = options
	g.checks = make([]*widget.Check, len(options))
	objs := make([]fyne.CanvasObject, len(options))
	for i, o := range options {
		g.checks[i] = widget.NewCheck(g.label(o), nil)
		objs[i] = g.checks[i]
	}
	g.box.Objects = objs
	g.box.Refresh()
}

// Selected returns the ticked options in order.
func (g *checkGrid) Selected() []string {
	var out []string
	for i, c := range g.checks {
		if c.Checked {
			out = append(out, g.options[i])
		}
	}
	return out
}

// SetSelected ticks exactly the given options.
func (g *checkGrid) SetSelected(sel []string) {
	for i, c := range g.checks {
		c.SetChecked(slices.Contains(sel, g.options[i]))
	}
}
