package uitest

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// GapBelow is the empty height below the content of the dialog on top of
// c: what the dialog's outermost vertical scroller (its content) has
// beyond what its content needs. ok is false when no dialog with a
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
		return s.Size().Height - s.Content.MinSize().Height, true
	}
	return 0, false
}

// AssertNoGap fails the test when the dialog on top of win is taller than
// its content and its own frame (title, buttons, paddings) by more than
// Slack: an empty band below the content (issue 10: dialogs size to their
// content).
func AssertNoGap(t *testing.T, win fyne.Window, what string) {
	t.Helper()
	gap, ok := GapBelow(win.Canvas())
	if !ok {
		t.Errorf("%s: no dialog with a scrolled content on top", what)
		return
	}
	if gap > Slack {
		t.Errorf("%s: %s", what, fmt.Sprintf("%.0f px empty below the content", gap))
	}
}
