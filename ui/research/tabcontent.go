package research

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// tabContent is the Research tab's root: it tells the view when the tab
// is left (the tabs hide the content of a tab not shown), so that a
// re-identification's result is cleared then.
type tabContent struct {
	widget.BaseWidget
	inner  fyne.CanvasObject
	onHide func()
}

func newTabContent(inner fyne.CanvasObject, onHide func()) *tabContent {
	t := &tabContent{inner: inner, onHide: onHide}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tabContent) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.inner) }

// Hide clears what must not outlive the page, then hides.
func (t *tabContent) Hide() {
	t.onHide()
	t.BaseWidget.Hide()
}
