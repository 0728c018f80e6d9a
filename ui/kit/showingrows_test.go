package kit

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// rowsInView counts the rows of a rendered table whose cell of column 0
// ("row N") lies whole inside the table, at the positions the table's
// renderers laid its cells out at in the fyne test driver.
func rowsInView(tbl *TextTable) int {
	n := 0
	var walk func(o fyne.CanvasObject, y float32)
	walk = func(o fyne.CanvasObject, y float32) {
		y += o.Position().Y
		switch x := o.(type) {
		case *widget.Label:
			if x.Visible() && strings.HasPrefix(x.Text, "row ") && y >= 0 && y+x.Size().Height <= tbl.Size().Height+0.01 {
				n++
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, y)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, y)
			}
		}
	}
	walk(tbl, -tbl.Position().Y)
	return n
}

// ShowingRows asks for exactly the height a real widget.Table needs to
// show its header and n rows whole: not a row less (the theme's padding
// between rows, not a 1 px line, is what the table puts between them) and
// not a further whole row (issue 10).
func TestShowingRowsFitsARenderedTable(t *testing.T) {
	test.NewTempApp(t)
	for _, n := range []int{1, 3, 6} {
		rows := make([][]TableCell, 12)
		for i := range rows {
			rows[i] = []TableCell{Cell(fmt.Sprintf("row %d", i)), Cell("Synthetic")}
		}
		tbl := NewTextTable([]string{"Row", "Name"}, []float32{80, 120})
		tbl.SetRows(rows)
		box := ShowingRows(tbl, n)
		w := test.NewTempWindow(t, container.NewVBox(box))
		w.Resize(fyne.NewSize(400, 900))
		if got := rowsInView(tbl); got != n {
			t.Errorf("ShowingRows(%d) is %.1f high and shows %d rows whole", n, box.MinSize().Height, got)
		}
	}
}
