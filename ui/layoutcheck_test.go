package ui

import (
	"testing"

	"custodia/ui/internal/uitest"

	"fyne.io/fyne/v2"
)

// The layout checker is uitest's (ui/internal/uitest/layout.go), shared
// with the feature packages' layout tests; these names keep the shell's
// tests short.

// layoutScreenSizes are the window sizes every screen must fit.
var layoutScreenSizes = uitest.ScreenSizes

// uuidPattern finds an internal id in a text people read.
var uuidPattern = uitest.UUIDPattern

// slack absorbs float rounding in layouts (a fraction of a pixel).
const slack = uitest.Slack

// assertFits fails t with every layout problem on the window.
func assertFits(t *testing.T, win fyne.Window, screen string) {
	t.Helper()
	uitest.AssertFits(t, win, screen)
}

// settle lays out the canvas as the desktop driver does before painting.
func settle(c fyne.Canvas) { uitest.Settle(c) }

// children are the objects o lays out.
func children(o fyne.CanvasObject) []fyne.CanvasObject { return uitest.Children(o) }

// controlName names widgets whose text must fit them, "" for others.
func controlName(o fyne.CanvasObject) string { return uitest.ControlName(o) }

// rect is an object's area on the canvas (the form layout test's snapshots).
type rect struct{ x0, y0, x1, y1 float32 }

func rectOf(pos fyne.Position, size fyne.Size) rect {
	return rect{pos.X, pos.Y, pos.X + size.Width, pos.Y + size.Height}
}
