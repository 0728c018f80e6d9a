package kit

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// RunWithProgress runs slow work off the UI goroutine behind a small modal
// dialog with a spinning bar and msg. With cancelable the dialog offers
// Cancel: the work cannot be stopped half-way without leaving a partial
// result, so it finishes in the background and done learns that the person
// cancelled (and undoes or discards the result). done runs on the UI
// goroutine once the work has ended.
func (e *Env) RunWithProgress(title, msg string, cancelable bool, work func(), done func(cancelled bool)) {
	bar := widget.NewProgressBarInfinite()
	body := container.NewVBox(WrapLabel(msg), bar)
	cancelled, finished := false, false
	var d dialog.Dialog
	if cancelable {
		d = dialog.NewCustom(title, e.T("common.cancel"), container.New(&FixedWidth{Width: 420}, body), e.Win)
		d.SetOnClosed(func() { cancelled = !finished })
	} else {
		d = dialog.NewCustomWithoutButtons(title, container.New(&FixedWidth{Width: 420}, body), e.Win)
	}
	e.ShowTracked(d)
	e.Run(work, func() {
		bar.Stop()
		finished = true
		if !cancelled {
			d.Hide()
		}
		done(cancelled)
	})
}

// RunBusy does work off the UI goroutine with bar spinning, then done on it.
func (e *Env) RunBusy(bar *widget.ProgressBarInfinite, work func(), done func()) {
	if bar != nil {
		bar.Show()
		bar.Start()
	}
	e.Run(work, func() {
		if bar != nil {
			bar.Stop()
			bar.Hide()
		}
		done()
	})
}

// Dialogs are the dialogs Esc closes through their own Hide, so their
// callbacks run, with the overlay depth each was shown at. The shell owns
// one for its window and drops it when it closes every overlay.
type Dialogs struct {
	tracked []trackedDialog
}

// trackedDialog is a dialog shown at an overlay depth.
type trackedDialog struct {
	d     dialog.Dialog
	depth int
}

// ShowTracked shows d so that Esc closes it with d.Hide, which runs its
// closing callback (a plain overlay removal would skip it).
func (e *Env) ShowTracked(d dialog.Dialog) {
	d.Show()
	ds := e.Dialogs
	t := trackedDialog{d, len(e.Win.Canvas().Overlays().List())}
	ds.tracked = append(ds.tracked, t)
	d.SetOnClosed(func() {
		for i := range ds.tracked {
			if ds.tracked[i] == t {
				ds.tracked = append(ds.tracked[:i], ds.tracked[i+1:]...)
				break
			}
		}
	})
}

// Dismiss hides the top overlay of win through its dialog when it is a
// tracked one; false when the top overlay is something else.
func (ds *Dialogs) Dismiss(overlays int) bool {
	if len(ds.tracked) == 0 {
		return false
	}
	t := ds.tracked[len(ds.tracked)-1]
	if t.depth != overlays {
		return false
	}
	t.d.Hide()
	return true
}

// Forget drops every tracked dialog (the shell removed all overlays).
func (ds *Dialogs) Forget() { ds.tracked = nil }
