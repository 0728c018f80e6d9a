package kit

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// TableCell is the text of one cell and how it is emphasised.
type TableCell struct {
	Text string
	Imp  widget.Importance
	Bold bool
}

// Cell is a plain cell.
func Cell(text string) TableCell { return TableCell{Text: text} }

// TextTable is a read-only table of labels with a header row, used by the
// consent, request and governance screens. Rows are replaced as a whole.
type TextTable struct {
	*widget.Table
	headers []string
	rows    [][]TableCell
	// OnSelected is called with the row index.
	OnSelected func(row int)
	// OnRowShown is called with a row index before one of its cells is
	// drawn (the row is visible); it may change the row's cells.
	OnRowShown func(row int)
	updating   bool
	// widths are the columns' least widths; a column grows to its header
	// and its longest cell, up to TextColumnMax.
	widths    []float32
	colWidths []float32 // what fitColumns set
	// selected is the selected cell (noCell: none); its whole row is
	// drawn as selected (texttable_select.go).
	selected widget.TableCellID
}

// TextColumnMax is the widest a table column grows to fit its cells; a
// longer text (a legal source, a free-text reason) is cut with an ellipsis
// in the table and shown whole where the row is opened.
const TextColumnMax = 520

func NewTextTable(headers []string, widths []float32) *TextTable {
	t := &TextTable{headers: headers}
	t.Table = widget.NewTable(
		func() (int, int) { return len(t.rows), len(t.headers) },
		newRowCell,
		t.update)
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject { return BoldLabel("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(t.headers) {
			o.(*widget.Label).SetText(t.headers[id.Col])
		}
	}
	t.widths = widths
	t.fitColumns()
	t.Table.OnSelected = func(id widget.TableCellID) {
		t.markRow(id)
		if t.OnSelected != nil && id.Row >= 0 && id.Row < len(t.rows) {
			t.OnSelected(id.Row)
		}
	}
	t.Table.OnUnselected = func(widget.TableCellID) { t.markRow(noCell) }
	t.selected = noCell
	return t
}

func (t *TextTable) update(id widget.TableCellID, o fyne.CanvasObject) {
	l := t.showRowMark(id, o)
	if t.OnRowShown != nil && id.Row < len(t.rows) {
		t.updating = true
		t.OnRowShown(id.Row)
		t.updating = false
	}
	if id.Row >= len(t.rows) || id.Col >= len(t.rows[id.Row]) {
		l.SetText("")
		return
	}
	c := t.rows[id.Row][id.Col]
	l.Importance = c.Imp
	l.TextStyle.Bold = c.Bold
	l.SetText(c.Text)
}

// SetRows replaces the rows and clears the selection.
func (t *TextTable) SetRows(rows [][]TableCell) {
	t.rows = rows
	t.UnselectAll()
	t.fitColumns()
	t.Refresh()
}

// SetCellText changes one cell's text in place, keeping the selection.
// Inside OnRowShown the table is being drawn, so the change shows without
// a refresh.
func (t *TextTable) SetCellText(row, col int, text string) {
	if row < 0 || row >= len(t.rows) || col < 0 || col >= len(t.rows[row]) || t.rows[row][col].Text == text {
		return
	}
	t.rows[row][col].Text = text
	if w := cellWidth(t.rows[row][col]); w > t.columnWidth(col) {
		t.setWidth(col, min(w, TextColumnMax))
	}
	if !t.updating {
		t.RefreshItem(widget.TableCellID{Row: row, Col: col})
	}
}

// Cell returns the text of a cell, "" outside the table.
func (t *TextTable) Cell(row, col int) string {
	if row < 0 || row >= len(t.rows) || col < 0 || col >= len(t.rows[row]) {
		return ""
	}
	return t.rows[row][col].Text
}

// CellImportance returns the emphasis of a cell.
func (t *TextTable) CellImportance(row, col int) widget.Importance {
	if row < 0 || row >= len(t.rows) || col < 0 || col >= len(t.rows[row]) {
		return widget.MediumImportance
	}
	return t.rows[row][col].Imp
}

// Len is the number of rows.
func (t *TextTable) Len() int { return len(t.rows) }

// CheckGrid is a set of check boxes laid out in columns (a horizontal
// CheckGroup overflows with many options).
type CheckGrid struct {
	label   func(string) string // what a box shows for an option
	options []string
	checks  []*EscCheck     // Esc from a box closes its dialog
	Box     *fyne.Container // the boxes, to place in a form
}

func NewCheckGrid(options []string, cols int, label func(string) string) *CheckGrid {
	g := &CheckGrid{Box: container.NewGridWithColumns(cols), label: label}
	g.SetOptions(options)
	return g
}

// SetOptions replaces the options; none is ticked.
func (g *CheckGrid) SetOptions(options []string) {
	g.options = options
	g.checks = make([]*EscCheck, len(options))
	objs := make([]fyne.CanvasObject, len(options))
	for i, o := range options {
		g.checks[i] = NewEscCheck(g.label(o), nil)
		objs[i] = g.checks[i]
	}
	g.Box.Objects = objs
	g.Box.Refresh()
}

// Selected returns the ticked options in order.
func (g *CheckGrid) Selected() []string {
	var out []string
	for i, c := range g.checks {
		if c.Checked {
			out = append(out, g.options[i])
		}
	}
	return out
}

// SetSelected ticks exactly the given options.
func (g *CheckGrid) SetSelected(sel []string) {
	for i, c := range g.checks {
		c.SetChecked(slices.Contains(sel, g.options[i]))
	}
}

// Headers are the column titles.
func (t *TextTable) Headers() []string { return t.headers }

// Options are the boxes' options in order.
func (g *CheckGrid) Options() []string { return g.options }
