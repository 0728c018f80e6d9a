package kit

import (
	"fmt"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// selectTable is a 4×3 TextTable in a test window, each cell a short
// text of its own ("r1c2"), so a cell's right end shows its background.
func selectTable(t *testing.T) (*TextTable, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	tbl := NewTextTable([]string{"A", "B", "C"}, []float32{120, 120, 120})
	var rows [][]TableCell
	for r := range 4 {
		rows = append(rows, []TableCell{Cell(fmt.Sprintf("r%dc0", r)), Cell(fmt.Sprintf("r%dc1", r)), Cell(fmt.Sprintf("r%dc2", r))})
	}
	tbl.SetRows(rows)
	win := test.NewTempWindow(t, tbl)
	win.Resize(fyne.NewSize(500, 320))
	return tbl, win
}

// cellColours is the colour drawn at the right end of each visible cell
// (past its text), by the cell's text.
func cellColours(t *testing.T, tbl *TextTable, win fyne.Window) map[string]color.Color {
	t.Helper()
	img := win.Canvas().Capture()
	out := map[string]color.Color{}
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if !o.Visible() {
			return
		}
		at = at.Add(o.Position())
		switch x := o.(type) {
		case *widget.Label:
			if len(x.Text) == 4 && x.Text[0] == 'r' {
				out[x.Text] = img.At(int(at.X+x.Size().Width)-4, int(at.Y+x.Size().Height/2))
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, at)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, at)
			}
		}
	}
	walk(tbl.Table, fyne.NewPos(0, 0).Subtract(tbl.Position()).Add(fyne.CurrentApp().Driver().AbsolutePositionForObject(tbl.Table)))
	if len(out) != 12 {
		t.Fatalf("%d cells in view, want 12", len(out))
	}
	return out
}

// checkRowDrawn: every cell of row is drawn in one colour, and every cell
// of the other rows in another, except skip (a focused cell, which the
// table also outlines).
func checkRowDrawn(t *testing.T, colours map[string]color.Color, row int, skip string) {
	t.Helper()
	sel := colours[fmt.Sprintf("r%dc1", row)]
	plain := colours[fmt.Sprintf("r%dc1", (row+1)%4)]
	if sel == plain {
		t.Fatalf("selected row drawn like the others (%v)", sel)
	}
	for text, c := range colours {
		if text == skip {
			continue
		}
		inRow := text[1] == byte('0'+row)
		if inRow && c != sel {
			t.Errorf("cell %s of the selected row drawn %v, want the selection %v", text, c, sel)
		}
		if !inRow && c != plain {
			t.Errorf("cell %s of another row drawn %v, want %v", text, c, plain)
		}
	}
}

// Selecting one cell, by a click, draws its whole row as selected, each
// cell alike; moving the selection moves the band (issue 10).
func TestTextTableSelectsTheWholeRow(t *testing.T) {
	tbl, win := selectTable(t)
	picked := -1
	tbl.OnSelected = func(row int) { picked = row }
	tbl.Select(widget.TableCellID{Row: 1, Col: 1})
	checkRowDrawn(t, cellColours(t, tbl, win), 1, "")
	tbl.Select(widget.TableCellID{Row: 3, Col: 2})
	checkRowDrawn(t, cellColours(t, tbl, win), 3, "")
	if picked != 3 || tbl.SelectedRow() != 3 {
		t.Fatalf("OnSelected got row %d, SelectedRow %d, want 3", picked, tbl.SelectedRow())
	}
	tbl.UnselectAll()
	colours := cellColours(t, tbl, win)
	for text, c := range colours {
		if c != colours["r0c0"] {
			t.Errorf("after UnselectAll cell %s drawn %v, others %v", text, c, colours["r0c0"])
		}
	}
}

// With the keyboard (arrows, then Space) the row is drawn as selected too.
func TestTextTableSelectsTheWholeRowByKeyboard(t *testing.T) {
	tbl, win := selectTable(t)
	win.Canvas().Focus(tbl.Table)
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeyRight, fyne.KeySpace} {
		tbl.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if tbl.SelectedRow() != 2 {
		t.Fatalf("row %d selected by keyboard, want 2", tbl.SelectedRow())
	}
	checkRowDrawn(t, cellColours(t, tbl, win), 2, "r2c1")
}
