package uitest

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// GapBelow is the empty height below the content of the dialog on top of
// c: how far the dialog's outermost vertical scroller (its content)
// reaches below the lowest thing its content draws. ok is false when no dialog with a
// scroller is on top.
func GapBelow(c fyne.Canvas) (gap float32, ok bool) {
	pop, isPop := c.Overlays().Top().(*widget.PopUp)
	if !isPop {
		return 0, false
	}
	Settle(c)
	for _, o := range test.LaidOutObjects(pop.Content) {
		s, isScroll := o.(*container.Scroll)
		if !isScroll || !s.Visible() || s.Content == nil || s.Direction != container.ScrollVerticalOnly {
			continue
		}
		return s.Size().Height - drawnBottom(s.Content, fyne.Position{}), true
	}
	return 0, false
}

// drawnBottom is the lowest edge of what o draws (a text, an image, a
// filled or outlined rectangle), measured from o's parent at pos: an
// empty label or a hidden row draws nothing, a form row kept for a
// hidden widget shows as a gap.
func drawnBottom(o fyne.CanvasObject, pos fyne.Position) float32 {
	if !o.Visible() {
		return 0
	}
	p := pos.Add(o.Position())
	bottom := float32(0)
	switch x := o.(type) {
	case *canvas.Text:
		if strings.TrimSpace(x.Text) != "" {
			bottom = p.Y + x.Size().Height
		}
	case *canvas.Image:
		bottom = p.Y + x.Size().Height
	case *canvas.Rectangle:
		if x.StrokeWidth > 0 || (x.FillColor != nil && alpha(x.FillColor) > 0) {
			bottom = p.Y + x.Size().Height
		}
	}
	for _, c := range Children(o) {
		bottom = max(bottom, drawnBottom(c, p))
	}
	return bottom
}

func alpha(c color.Color) uint32 {
	_, _, _, a := c.RGBA()
	return a
}

// GapAllowed is the room below the last thing a dialog's content draws
// that is not a gap: a label's padding under its text and one padding.
func GapAllowed() float32 { return theme.InnerPadding() + theme.Padding() + Slack }

// AssertNoGap fails the test when the dialog on top of win reaches below
// the last thing its content draws by more than GapAllowed: an empty band
// below the content (issue 10: dialogs size to their content).
func AssertNoGap(t *testing.T, win fyne.Window, what string) {
	t.Helper()
	gap, ok := GapBelow(win.Canvas())
	if !ok {
		t.Errorf("%s: no dialog with a scrolled content on top", what)
		return
	}
	if gap > GapAllowed() {
		t.Errorf("%s: %s", what, fmt.Sprintf("%.0f px empty below the content", gap))
	}
}

// ContainsObject reports whether o is in the tree drawn from root.
func ContainsObject(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	for _, c := range Children(root) {
		if ContainsObject(c, o) {
			return true
		}
	}
	return false
}
