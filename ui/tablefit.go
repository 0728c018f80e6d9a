package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// fitColumns sets each column to its least width, its header's and its
// longest cell's, at most textColumnMax: codes, dates and names are never cut.
func (t *textTable) fitColumns() {
	for col, h := range t.headers {
		w := cellWidth(tableCell{text: h, bold: true})
		if col < len(t.widths) {
			w = max(w, t.widths[col])
		}
		for _, row := range t.rows {
			if col < len(row) {
				w = max(w, cellWidth(row[col]))
			}
		}
		t.setWidth(col, min(w, textColumnMax))
	}
}

func (t *textTable) setWidth(col int, w float32) {
	if len(t.colWidths) < len(t.headers) {
		t.colWidths = make([]float32, len(t.headers))
	}
	if t.colWidths[col] != w {
		t.colWidths[col] = w
		t.SetColumnWidth(col, w)
	}
}

// columnWidth is the width fitColumns gave a column.
func (t *textTable) columnWidth(col int) float32 {
	if col < len(t.colWidths) {
		return t.colWidths[col]
	}
	return 0
}

// cellWidth is the width a label needs to show a cell's text whole.
func cellWidth(c tableCell) float32 {
	th := theme.Current()
	return fyne.MeasureText(c.text, th.Size(theme.SizeNameText), fyne.TextStyle{Bold: c.bold}).Width +
		2*th.Size(theme.SizeNameInnerPadding) + 1
}
