package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// When a slow action shows that it is working, and when it offers Cancel
// (where cancelling is safe): every action over 300 ms shows progress,
// every one over 2 s can be cancelled.
const (
	showProgressAfter = 300 * time.Millisecond
	offerCancelAfter  = 2 * time.Second
)

// slowWork is the UI side of one action running off the UI goroutine.
// Every callback runs on the UI goroutine.
type slowWork struct {
	// Progress runs once the work has taken showProgressAfter.
	Progress func()
	// Cancellable, when set, runs once the work has taken
	// offerCancelAfter, with the function that cancels its context. Leave
	// it nil for work that cannot be stopped safely.
	Cancellable func(cancel func())
	// Done runs when the work has ended (cancelled or not), with the
	// timers stopped.
	Done func()
}

// runSlow runs work with a context off the UI goroutine (Options.Run) and
// the callbacks of sw on it; the delays go through Options.After, so tests
// fire them without waiting.
func (a *App) runSlow(work func(ctx context.Context), sw slowWork) {
	ctx, cancel := context.WithCancel(context.Background())
	finished := false
	later := func(f func()) func() {
		return func() {
			if !finished && f != nil {
				f()
			}
		}
	}
	stops := []func(){a.opts.After(showProgressAfter, later(sw.Progress))}
	if sw.Cancellable != nil {
		stops = append(stops, a.opts.After(offerCancelAfter, later(func() { sw.Cancellable(cancel) })))
	}
	a.opts.Run(func() { work(ctx) }, func() {
		finished = true
		for _, stop := range stops {
			stop()
		}
		cancel()
		if sw.Done != nil {
			sw.Done()
		}
	})
}

// cancelButton is a Cancel button, hidden until shown, that calls the
// cancel function it is armed with once and then disables itself.
type cancelButton struct {
	Button *widget.Button
	cancel func()
}

func newCancelButton(a *App) *cancelButton {
	c := &cancelButton{}
	c.Button = widget.NewButtonWithIcon(a.T("cancel.progress.cancel"), theme.CancelIcon(), func() {
		if c.cancel != nil {
			c.cancel()
			c.cancel = nil
		}
		c.Button.Disable()
	})
	c.Button.Hide()
	return c
}

// arm shows the button with the cancel function of the running work.
func (c *cancelButton) arm(cancel func()) {
	c.cancel = cancel
	c.Button.Enable()
	c.Button.Show()
}

// disarm hides the button once the work has ended.
func (c *cancelButton) disarm() {
	c.cancel = nil
	c.Button.Hide()
}

// progressDialog is a modal dialog with a message and a running bar that
// a slow action shows after showProgressAfter, and whose Cancel button
// appears after offerCancelAfter where cancelling is safe.
type progressDialog struct {
	d      *dialog.CustomDialog
	bar    *widget.ProgressBarInfinite
	Cancel *cancelButton
}

func newProgressDialog(a *App, title, msg string) *progressDialog {
	p := &progressDialog{bar: widget.NewProgressBarInfinite(), Cancel: newCancelButton(a)}
	p.bar.Stop()
	body := container.NewVBox(wrapLabel(msg), p.bar, container.NewHBox(layoutSpacer(), p.Cancel.Button))
	p.d = dialog.NewCustomWithoutButtons(title, container.New(&fixedWidth{width: 420}, body), a.win)
	return p
}

// slowWork returns the callbacks that show p, offer its Cancel (when
// cancellable) and hide it, then run done.
func (p *progressDialog) slowWork(cancellable bool, done func()) slowWork {
	sw := slowWork{
		Progress: func() { p.bar.Start(); p.d.Show() },
		Done: func() {
			p.bar.Stop()
			p.Cancel.disarm()
			p.d.Hide()
			done()
		},
	}
	if cancellable {
		sw.Cancellable = p.Cancel.arm
	}
	return sw
}
