package consents

import (
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The consent panel shares its height between the state per purpose and
// the history (issue 10): the states table gets the rows it holds, as
// many as fit while the history keeps its first rows in view; the history
// gets the rest, so no band of the dialog stays empty. Its least size does
// not depend on the rows, so loading a ledger never makes the dialog grow
// under the desktop driver (whose dialog layout then reads the old button
// position and leaves the content short); the dialog is sized to want()
// once the rows are there.

// historyFloor is how many history rows stay in view when the purposes
// need the room.
const historyFloor = 2

// tableHeight is the height a table needs for its header and n rows.
func tableHeight(n int) float32 { return float32(n+1) * kit.LabelRowHeight() }

// tablesLayout places the states box over the history box; each box holds
// its table (with a heading, and for the states the reason line).
type tablesLayout struct {
	states, history *kit.TextTable
}

// chrome is the height of a box less its table.
func chrome(box fyne.CanvasObject, t *kit.TextTable) float32 {
	return box.MinSize().Height - t.MinSize().Height
}

// heights shares height among the two tables: the states their rows
// (keeping historyFloor history rows in view), the history the rest.
// An empty history keeps only its header (the line under it says it is
// empty) and leaves the rest to the purposes.
func (l tablesLayout) heights(tables float32) (states, history float32) {
	if l.history.Len() == 0 {
		return max(tables-tableHeight(0), tableHeight(1)), tableHeight(0)
	}
	floor := tableHeight(min(l.history.Len(), historyFloor))
	states = min(tableHeight(max(l.states.Len(), 1)), tables-floor)
	states = max(states, tableHeight(1))
	return states, max(tables-states, tableHeight(1))
}

func (l tablesLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	statesBox, historyBox := objs[0], objs[1]
	sc, hc := chrome(statesBox, l.states), chrome(historyBox, l.history)
	states, history := l.heights(size.Height - sc - hc - theme.Padding())
	statesBox.Move(fyne.NewPos(0, 0))
	statesBox.Resize(fyne.NewSize(size.Width, sc+states))
	historyBox.Move(fyne.NewPos(0, sc+states+theme.Padding()))
	historyBox.Resize(fyne.NewSize(size.Width, hc+history))
}

// MinSize is a header and a row of each table: what the dialog needs at
// the least, whatever the rows.
func (l tablesLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := max(objs[0].MinSize().Width, objs[1].MinSize().Width)
	return fyne.NewSize(w, chrome(objs[0], l.states)+chrome(objs[1], l.history)+theme.Padding()+2*tableHeight(1))
}

// want is the size the panel needs to show every purpose and every
// history row whole, without scrolling sideways.
func (p *Panel) want() fyne.Size {
	least := p.content.MinSize()
	width := max(least.Width, p.states.FullWidth()+theme.Padding(), p.timeline.FullWidth()+theme.Padding())
	rows := tableHeight(max(p.states.Len(), 1)) + tableHeight(p.timeline.Len()) - 2*tableHeight(1)
	return fyne.NewSize(width, least.Height+rows)
}
