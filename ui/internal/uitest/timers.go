package uitest

import (
	"slices"
	"time"
)

// Timers is a kit.Env's After with the delays kept: Advance runs, in
// order, the timers due by a moment since they were set. No real time
// passes.
type Timers struct {
	pending []timer
}

type timer struct {
	d time.Duration
	f *func()
}

// After is kit.Env.After.
func (c *Timers) After(d time.Duration, f func()) func() {
	p := &f
	c.pending = append(c.pending, timer{d, p})
	return func() { *p = nil }
}

// Advance runs the timers due by to.
func (c *Timers) Advance(to time.Duration) {
	slices.SortStableFunc(c.pending, func(a, b timer) int { return int(a.d - b.d) })
	for len(c.pending) > 0 && c.pending[0].d <= to {
		f := c.pending[0].f
		c.pending = c.pending[1:]
		if *f != nil {
			(*f)()
		}
	}
}

// HeldRunner is a kit.Env's Run that holds the work until Finish, so a
// test can act while it "runs".
type HeldRunner struct{ work, done func() }

// Run is kit.Runner.
func (h *HeldRunner) Run(work, done func()) { h.work, h.done = work, done }

// Held reports whether work waits to be finished.
func (h *HeldRunner) Held() bool { return h.work != nil }

// Finish runs the held work, then its done step.
func (h *HeldRunner) Finish() {
	work, done := h.work, h.done
	h.work, h.done = nil, nil
	work()
	done()
}
