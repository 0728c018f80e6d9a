package requests

import (
	"testing"

	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2"
)

// While the queue reloads, its busy bar turns beside the summary line: the
// table stays where it was (it jumped down by the bar's height and back at
// every reload), and the bar is shown.
func TestQueueTableStaysPutWhileLoading(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	f.addRequest(t, "p000005", consent.ReqAccess, consentNow.AddDate(0, 0, -2))
	f.env.Win.SetContent(v.Content())
	f.env.Win.Resize(fyne.NewSize(1280, 800))
	v.Activate()
	relayout := func() { // as the desktop driver lays the window out again on the next frame
		f.env.Win.Resize(fyne.NewSize(1280, 801))
		f.env.Win.Resize(fyne.NewSize(1280, 800))
	}
	relayout()
	before := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.table)
	var done func()
	f.env.Run = func(work, d func()) { work(); done = d }
	v.Reload()
	if !v.bar.Visible() {
		t.Fatal("no busy bar while loading")
	}
	relayout()
	if during := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.table); during != before {
		t.Errorf("the table moved from %v to %v while loading", before, during)
	}
	done()
	if v.bar.Visible() {
		t.Error("the bar stays after loading")
	}
}
