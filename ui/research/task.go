package research

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// task runs one cancellable computation at a time through a Runner. A new
// start or a stop cancels the running one; its result is dropped (done is
// called only for the newest computation). Used on the UI goroutine only.
type task[T any] struct {
	run    Runner
	gen    int
	cancel context.CancelFunc
	// discard, if set, receives a dropped result (on the UI goroutine), so
	// that what it holds can be released.
	discard func(T)
}

// start cancels what runs and runs work off the UI goroutine, then done on
// it unless superseded or stopped meanwhile.
func (t *task[T]) start(work func(ctx context.Context) (T, error), done func(T, error)) {
	t.stop()
	t.gen++
	g := t.gen
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	var res T
	var err error
	t.run(func() { res, err = work(ctx) }, func() {
		cancel()
		if g != t.gen {
			if t.discard != nil {
				t.discard(res)
			}
			return
		}
		t.cancel = nil
		done(res, err)
	})
}

// stop cancels the running computation; false if none ran.
func (t *task[T]) stop() bool {
	if t.cancel == nil {
		return false
	}
	t.cancel()
	t.cancel = nil
	t.gen++
	return true
}

// running reports whether a computation is under way.
func (t *task[T]) running() bool { return t.cancel != nil }

// debouncer runs f once the parameters stopped changing for delay.
type debouncer struct {
	after func(d time.Duration, f func()) (cancel func())
	delay time.Duration
	timer func()
}

// trigger (re)arms the timer.
func (d *debouncer) trigger(f func()) {
	d.stop()
	d.timer = d.after(d.delay, func() {
		d.timer = nil
		f()
	})
}

// stop disarms the timer.
func (d *debouncer) stop() {
	if d.timer != nil {
		d.timer()
		d.timer = nil
	}
}

// pending reports whether the timer is armed.
func (d *debouncer) pending() bool { return d.timer != nil }

// afterOnUI is the production Options.After: a timer, then fyne.Do.
func afterOnUI(d time.Duration, f func()) func() {
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

// goRunner is the production Runner: a goroutine, then fyne.Do.
func goRunner(work func(), done func()) {
	go func() {
		work()
		fyne.Do(done)
	}()
}

// barProgress shows a deid.Progress (called on any goroutine) on a
// progress bar, at most once per percent.
type barProgress struct {
	bars []*widget.ProgressBar
	last atomic.Int64
}

func newBarProgress(bars ...*widget.ProgressBar) *barProgress {
	p := &barProgress{bars: bars}
	p.last.Store(-1)
	return p
}

// Report implements deid.Progress.
func (p *barProgress) Report(_ string, done, total int64) {
	if total <= 0 {
		return
	}
	pct := min(100, done*100/total)
	if p.last.Swap(pct) == pct {
		return
	}
	fyne.Do(func() {
		for _, b := range p.bars {
			b.SetValue(float64(pct) / 100)
		}
	})
}

// count is the progress of LoadResearchData.
func (p *barProgress) count(done, total int) { p.Report("", int64(done), int64(total)) }
