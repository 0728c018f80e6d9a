package ui

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// runWithProgress runs slow work off the UI goroutine behind a small modal
// dialog with a spinning bar and msg. With cancelable the dialog offers
// Cancel: the work cannot be stopped half-way without leaving a partial
// result, so it finishes in the background and done learns that the person
// cancelled (and undoes or discards the result). done runs on the UI
// goroutine once the work has ended.
func (a *App) runWithProgress(title, msg string, cancelable bool, work func(), done func(cancelled bool)) {
	bar := widget.NewProgressBarInfinite()
	body := container.NewVBox(wrapLabel(msg), bar)
	cancelled, finished := false, false
	var d dialog.Dialog
	if cancelable {
		d = dialog.NewCustom(title, a.T("common.cancel"), container.New(&fixedWidth{width: 420}, body), a.win)
		d.SetOnClosed(func() { cancelled = !finished })
	} else {
		d = dialog.NewCustomWithoutButtons(title, container.New(&fixedWidth{width: 420}, body), a.win)
	}
	a.showTracked(d)
	a.opts.Run(work, func() {
		bar.Stop()
		finished = true
		if !cancelled {
			d.Hide()
		}
		done(cancelled)
	})
}

// trackedDialog is a dialog shown at an overlay depth.
type trackedDialog struct {
	d     dialog.Dialog
	depth int
}

// showTracked shows d so that Esc closes it with d.Hide, which runs its
// closing callback (a plain overlay removal would skip it).
func (a *App) showTracked(d dialog.Dialog) {
	d.Show()
	t := trackedDialog{d, len(a.win.Canvas().Overlays().List())}
	a.tracked = append(a.tracked, t)
	d.SetOnClosed(func() {
		for i := range a.tracked {
			if a.tracked[i] == t {
				a.tracked = append(a.tracked[:i], a.tracked[i+1:]...)
				break
			}
		}
	})
}

// dismissTracked hides the top overlay through its dialog when it is a
// tracked one; false when the top overlay is something else.
func (a *App) dismissTracked() bool {
	if len(a.tracked) == 0 {
		return false
	}
	t := a.tracked[len(a.tracked)-1]
	if t.depth != len(a.win.Canvas().Overlays().List()) {
		return false
	}
	t.d.Hide()
	return true
}
