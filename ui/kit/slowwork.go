package kit

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
	ShowProgressAfter = 300 * time.Millisecond
	OfferCancelAfter  = 2 * time.Second
)

// SlowWork is the UI side of one action running off the UI goroutine.
// Every callback runs on the UI goroutine.
type SlowWork struct {
	// Progress runs once the work has taken ShowProgressAfter.
	Progress func()
	// Cancellable, when set, runs once the work has taken
	// OfferCancelAfter, with the function that cancels its context. Leave
	// it nil for work that cannot be stopped safely.
	Cancellable func(cancel func())
	// Done runs when the work has ended (cancelled or not), with the
	// timers stopped.
	Done func()
}

// RunSlow runs work with a context off the UI goroutine (Env.Run) and the
// callbacks of sw on it; the delays go through Env.After, so tests fire
// them without waiting.
func (e *Env) RunSlow(work func(ctx context.Context), sw SlowWork) {
	ctx, cancel := context.WithCancel(context.Background())
	finished := false
	later := func(f func()) func() {
		return func() {
			if !finished && f != nil {
				f()
			}
		}
	}
	stops := []func(){e.After(ShowProgressAfter, later(sw.Progress))}
	if sw.Cancellable != nil {
		stops = append(stops, e.After(OfferCancelAfter, later(func() { sw.Cancellable(cancel) })))
	}
	e.Run(func() { work(ctx) }, func() {
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

// CancelButton is a Cancel button, hidden until armed, that calls the
// cancel function it is armed with once and then disables itself.
type CancelButton struct {
	Button *widget.Button
	cancel func()
}

// NewCancelButton returns a hidden Cancel button.
func NewCancelButton(e *Env) *CancelButton {
	c := &CancelButton{}
	c.Button = widget.NewButtonWithIcon(e.T("cancel.progress.cancel"), theme.CancelIcon(), c.press)
	c.Button.Hide()
	return c
}

// press cancels the armed work once; nothing when not armed.
func (c *CancelButton) press() {
	if c.cancel != nil {
		c.cancel()
		c.cancel = nil
	}
	c.Button.Disable()
}

// Arm shows the button with the cancel function of the running work.
func (c *CancelButton) Arm(cancel func()) {
	c.cancel = cancel
	c.Button.Enable()
	c.Button.Show()
}

// Disarm hides the button once the work has ended.
func (c *CancelButton) Disarm() {
	c.cancel = nil
	c.Button.Hide()
}

// ProgressDialog is a modal dialog with a message and a running bar that
// a slow action shows after ShowProgressAfter, and whose Cancel button
// appears after OfferCancelAfter where cancelling is safe.
type ProgressDialog struct {
	env    *Env
	d      *dialog.CustomDialog
	bar    *widget.ProgressBarInfinite
	Cancel *CancelButton
}

// NewProgressDialog prepares the dialog; SlowWork shows it when due. Esc
// closes it as it closes every dialog: once Cancel is offered that is
// Cancel; before, the work goes on and its outcome still shows.
func NewProgressDialog(e *Env, title, msg string) *ProgressDialog {
	p := &ProgressDialog{env: e, bar: widget.NewProgressBarInfinite(), Cancel: NewCancelButton(e)}
	p.bar.Stop()
	body := container.NewVBox(WrapLabel(msg), p.bar, container.NewHBox(Spacer(), p.Cancel.Button))
	p.d = dialog.NewCustomWithoutButtons(title, container.New(&FixedWidth{Width: 420}, body), e.Win)
	p.d.SetOnClosed(p.Cancel.press) // disarmed once the work ended, so only Esc cancels here
	return p
}

// SlowWork returns the callbacks that show p, offer its Cancel (when
// cancellable) and hide it, then run done.
func (p *ProgressDialog) SlowWork(cancellable bool, done func()) SlowWork {
	sw := SlowWork{
		Progress: func() { p.bar.Start(); p.env.ShowTracked(p.d) },
		Done: func() {
			p.bar.Stop()
			p.Cancel.Disarm()
			p.d.Hide()
			done()
		},
	}
	if cancellable {
		sw.Cancellable = p.Cancel.Arm
	}
	return sw
}
