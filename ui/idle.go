package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// Idle and session limits. The idle lock cannot be switched off: a zero or
// negative Options.IdleLock means DefaultIdleLock, and no value above
// MaxIdleLock is taken. A session also ends after an absolute limit
// (Options.SessionLimit, default DefaultSessionLimit, at most
// MaxSessionLimit), however active it is, so a workstation left signed in
// over night is locked by morning.
const (
	DefaultIdleLock     = 10 * time.Minute
	MaxIdleLock         = time.Hour
	DefaultSessionLimit = 10 * time.Hour
	MaxSessionLimit     = 24 * time.Hour
)

// idleLockFor is the idle timeout actually used for a requested one.
func idleLockFor(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultIdleLock
	}
	return min(d, MaxIdleLock)
}

// sessionLimitFor is the absolute session limit actually used.
func sessionLimitFor(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultSessionLimit
	}
	return min(d, MaxSessionLimit)
}

// idleLock calls lock on the UI goroutine once no activity was recorded
// for the configured time, or once the session is older than its limit.
// touch may be called from the UI goroutine only but the timer fires on
// its own goroutine, hence the mutex.
type idleLock struct {
	after time.Duration
	limit time.Duration
	now   func() time.Time
	lock  func()

	mu      sync.Mutex
	last    time.Time
	started time.Time
	gen     int
	timer   *time.Timer
}

func newIdleLock(after, limit time.Duration, now func() time.Time, lock func()) *idleLock {
	return &idleLock{after: idleLockFor(after), limit: sessionLimitFor(limit), now: now, lock: lock}
}

func (l *idleLock) start() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	gen := l.gen
	l.last = l.now()
	l.started = l.last
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

// remaining is how long until the idle time or the session limit runs
// out; 0 or less means now. Called with mu held.
func (l *idleLock) remaining() time.Duration {
	now := l.now()
	return min(l.after-now.Sub(l.last), l.limit-now.Sub(l.started))
}

// check runs on the timer goroutine.
func (l *idleLock) check(gen int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen || l.timer == nil {
		return
	}
	if left := l.remaining(); left > 0 {
		l.timer.Reset(left)
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

// expired reports whether the idle time or the session limit has run out
// at the clock's now; for tests and the status line.
func (l *idleLock) expired() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.timer != nil && l.remaining() <= 0
}
