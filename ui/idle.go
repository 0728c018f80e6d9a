package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// idleLock calls lock on the UI goroutine once no activity was recorded
// for the configured time. touch may be called from the UI goroutine only
// but the timer fires on its own goroutine, hence the mutex.
type idleLock struct {
	after time.Duration
	now   func() time.Time
	lock  func()

	mu    sync.Mutex
	last  time.Time
	gen   int
	timer *time.Timer
}

func newIdleLock(after time.Duration, now func() time.Time, lock func()) *idleLock {
	return &idleLock{after: after, now: now, lock: lock}
}

func (l *idleLock) start() {
	if l.after <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	gen := l.gen
	l.last = l.now()
	if l.timer != nil {
		l.timer.Stop()
	}
	l.timer = time.AfterFunc(l.after, func() { l.check(gen) })
}

func (l *idleLock) touch() {
	l.mu.Lock()
	l.last = l.now()
	l.mu.Unlock()
}

func (l *idleLock) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
}

// check runs on the timer goroutine.
func (l *idleLock) check(gen int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen || l.timer == nil {
		return
	}
	idle := l.now().Sub(l.last)
	if idle < l.after {
		l.timer.Reset(l.after - idle)
		return
	}
	fyne.Do(func() {
		l.mu.Lock()
		current := gen == l.gen
		l.mu.Unlock()
		if current {
			l.lock()
		}
	})
}

// Expired reports whether the idle time has run out at the clock's now;
// for tests and the status line.
func (l *idleLock) expired() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.after > 0 && l.timer != nil && l.now().Sub(l.last) >= l.after
}
