package uitest

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DialogProblems says where the dialog on top of c is not sized to its
// content (issue 10): larger than the window, or scrolling a content it
// could show whole because the window has room (a dialog at 95 % of the
// window may scroll). No dialog on top is a problem too.
func DialogProblems(c fyne.Canvas) []string {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return []string{"no dialog on top"}
	}
	Settle(c)
	box, win := pop.Content.Size(), c.Size()
	var out []string
	if box.Width > win.Width+Slack || box.Height > win.Height+Slack {
		out = append(out, fmt.Sprintf("dialog %v larger than the window %v", box, win))
	}
	// the popup's content is the dialog less its frame (up to two inner
	// paddings) when the dialog is as large as kit.FitDialogTo allows
	atMost := box.Height >= 0.95*win.Height-2*theme.InnerPadding()-Slack
	for _, o := range test.LaidOutObjects(pop.Content) {
		s, ok := o.(*container.Scroll)
		if !ok || !s.Visible() || s.Content == nil || s.Direction != container.ScrollVerticalOnly {
			continue
		}
		if need := s.Content.MinSize(); need.Height > s.Size().Height+Slack && !atMost {
			out = append(out, fmt.Sprintf("dialog %.0f×%.0f scrolls content %.0f high in %.0f, though the window (%.0f high) has room",
				box.Width, box.Height, need.Height, s.Size().Height, win.Height))
		}
	}
	if need, got := pop.Content.MinSize(), pop.Content.Size(); need.Height > got.Height+Slack || need.Width > got.Width+Slack {
		out = append(out, fmt.Sprintf("the dialog's content needs %v but has %v", need, got))
	}
	return out
}

// AssertShowsWhole fails the test for each of DialogProblems, naming what.
func AssertShowsWhole(t *testing.T, win fyne.Window, what string) {
	t.Helper()
	for _, p := range DialogProblems(win.Canvas()) {
		t.Errorf("%s: %s", what, p)
	}
}
