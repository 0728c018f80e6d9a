package uitest

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// OutsideDialog lists the controls and texts of the dialog on top of c
// that reach past the dialog's box: a row laid out wider than the dialog
// (a fixed-width body holding a wider form) draws over the window behind
// it, its end unreadable. LayoutProblems misses that, since the text stays
// inside its own widget and the window. No dialog on top is a problem too.
func OutsideDialog(c fyne.Canvas) []string {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok || pop.Content == nil {
		return []string{"no dialog on top"}
	}
	Settle(c)
	at := pop.Position().Add(pop.Content.Position())
	b := &boundsWalker{box: rectOf(at, pop.Content.Size()), seen: map[string]bool{}}
	b.walk(pop.Content, at, false)
	return b.problems
}

// AssertInsideDialog fails t for each of OutsideDialog, naming what.
func AssertInsideDialog(t *testing.T, win fyne.Window, what string) {
	t.Helper()
	for _, p := range OutsideDialog(win.Canvas()) {
		t.Errorf("%s at %.0f×%.0f: %s", what, win.Canvas().Size().Width, win.Canvas().Size().Height, p)
	}
}

type boundsWalker struct {
	box      rect
	problems []string
	seen     map[string]bool
}

func (b *boundsWalker) outside(r rect) bool {
	return r.x1 > b.box.x1+Slack || r.x0 < b.box.x0-Slack || r.y1 > b.box.y1+Slack || r.y0 < b.box.y0-Slack
}

func (b *boundsWalker) report(what string, r rect) {
	p := fmt.Sprintf("%s reaches past the dialog (x %.0f–%.0f, y %.0f–%.0f; dialog x %.0f–%.0f, y %.0f–%.0f)",
		what, r.x0, r.x1, r.y0, r.y1, b.box.x0, b.box.x1, b.box.y0, b.box.y1)
	if !b.seen[p] {
		b.seen[p] = true
		b.problems = append(b.problems, p)
	}
}

// walk visits o at absolute position pos; scrolled is true below a
// scroller, whose content may extend past the box (out of view, not cut).
func (b *boundsWalker) walk(o fyne.CanvasObject, pos fyne.Position, scrolled bool) {
	if o == nil || !o.Visible() {
		return
	}
	if _, ok := o.(fyne.Widget); ok && o.Size().IsZero() {
		return
	}
	r := rectOf(pos, o.Size())
	if t, ok := o.(*canvas.Text); ok {
		if text := strings.TrimSpace(t.Text); text != "" && !scrolled {
			m := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle)
			if tr := (rect{pos.X, pos.Y, pos.X + m.Width, pos.Y + m.Height}); b.outside(tr) {
				b.report(fmt.Sprintf("text %q", text), tr)
			}
		}
		return
	}
	if name := ControlName(o); name != "" && !scrolled && b.outside(r) {
		b.report(name, r)
	}
	switch o.(type) {
	case *container.Scroll, *widget.Table, *widget.List, *widget.Tree:
		scrolled = true
	}
	for _, child := range Children(o) {
		b.walk(child, pos.Add(child.Position()), scrolled)
	}
}
