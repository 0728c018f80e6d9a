package audit

import (
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The audit table fits its pane (issue 10): every column is as wide as
// its header and the widest cell loaded, so numbers, times, names,
// actions and outcomes are never cut; the object column takes what the
// pane has left, and the line under the table shows the selected entry's
// object whole.

// objectColumn is the index of the object column in auditColumns.
const objectColumn = 4

// fitHeaders sets every column to its least width and its header's.
func (v *View) fitHeaders() {
	v.widths = make([]float32, len(auditColumns))
	for i, c := range auditColumns {
		v.widths[i] = max(c.width, kit.TextWidth(v.env.T(c.title), true))
		v.table.SetColumnWidth(i, v.widths[i])
	}
}

// fitCells widens the columns to the cells of es, up to
// kit.TextColumnMax, and gives the object column the rest of the pane.
func (v *View) fitCells(es []vault.AuditEntry) {
	for _, e := range es {
		for col := range auditColumns {
			if w := min(kit.TextWidth(v.cellText(e, col), false), kit.TextColumnMax); w > v.widths[col] {
				v.widths[col] = w
				v.table.SetColumnWidth(col, w)
			}
		}
	}
	v.fillObject()
}

// cellText is what a column shows of an entry.
func (v *View) cellText(e vault.AuditEntry, col int) string {
	if col == objectColumn {
		return auditObject(v.env.Loc, e.Object, v.names)
	}
	return auditCell(v.env.Loc, e, col, v.names)
}

// fillObject gives the object column what the pane has left beside the
// other columns (each column takes a padding as its separator): wider
// than its longest object where there is room, narrower where there is
// not, down to objectFloor.
func (v *View) fillObject() {
	rest := v.paneWidth - scrollBarRoom()
	for col, w := range v.widths {
		rest -= theme.Padding()
		if col != objectColumn {
			rest -= w
		}
	}
	w := max(v.widths[objectColumn], rest)
	if rest >= objectFloor {
		w = rest // a longer object ends in "…" and shows whole under the table when selected
	}
	v.table.SetColumnWidth(objectColumn, w)
}

// objectFloor is the least width the object column is narrowed to so that
// the table fits its pane; below it the table scrolls sideways instead.
const objectFloor = 200

// scrollBarRoom keeps the last column clear of the vertical scroll bar.
func scrollBarRoom() float32 { return theme.ScrollBarSize() }

// fillObject is the table's layout: it fills the pane and tells the view
// the pane's width, so the object column takes the rest of it.
type fillObject struct{ v *View }

func (l fillObject) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (l fillObject) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	if size.Width != l.v.paneWidth {
		l.v.paneWidth = size.Width
		l.v.fillObject()
	}
}

var _ fyne.Layout = fillObject{}
