package uitest

import (
	"fmt"
	"strings"
	"testing"

	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DialogTableProblems says where a table (kit.TextTable) in the dialog on top
// of c hides what it holds although the window has room (issue 10): its
// columns are wider than the table, so it scrolls sideways and the last
// columns are cut, while the dialog could be wider; it shows fewer rows
// than it holds while the dialog could be taller; or it shows fewer than
// two of its rows (a history reduced to its header) at any size.
func DialogTableProblems(c fyne.Canvas) []string {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return []string{"no dialog on top"}
	}
	Settle(c)
	box, win := pop.Content.Size(), c.Size()
	wider := box.Width < 0.95*win.Width-2*theme.InnerPadding()-Slack
	taller := box.Height < 0.95*win.Height-2*theme.InnerPadding()-Slack
	var out []string
	for _, o := range test.LaidOutObjects(pop.Content) {
		t, ok := o.(*kit.TextTable)
		if !ok || !t.Visible() {
			continue
		}
		name := fmt.Sprintf("table %q", strings.Join(t.Headers(), "|"))
		if need := t.FullWidth(); wider && need > t.Size().Width+Slack {
			out = append(out, fmt.Sprintf("%s scrolls sideways: its columns need %.0f, it is %.0f wide in a dialog %.0f wide (window %.0f)",
				name, need, t.Size().Width, box.Width, win.Width))
		}
		shown := RowsShown(t)
		switch {
		case shown < min(t.Len(), 2):
			out = append(out, fmt.Sprintf("%s shows %d of its %d rows (%.0f high)", name, shown, t.Len(), t.Size().Height))
		case taller && shown < t.Len():
			out = append(out, fmt.Sprintf("%s shows %d of its %d rows in a dialog %.0f high, though the window (%.0f high) has room",
				name, shown, t.Len(), box.Height, win.Height))
		}
	}
	return out
}

// RowsShown is how many of a table's rows are in view whole below its
// header.
func RowsShown(t *kit.TextTable) int {
	row := kit.LabelRowHeight()
	return max(int((t.Size().Height+Slack)/row)-1, 0)
}

// AssertDialogTablesShow fails the test for each of DialogTableProblems, naming what.
func AssertDialogTablesShow(t *testing.T, win fyne.Window, what string) {
	t.Helper()
	for _, p := range DialogTableProblems(win.Canvas()) {
		t.Errorf("%s at %.0f×%.0f: %s", what, win.Canvas().Size().Width, win.Canvas().Size().Height, p)
	}
}
