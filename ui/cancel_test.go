package ui

import (
	"context"
	"slices"
	"testing"
	"time"

	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// delayTimers is Options.After with the delays kept: advance runs, in
// order, the timers due by a moment since they were set. No real time
// passes.
type delayTimers struct {
	pending []delayTimer
}

type delayTimer struct {
	d time.Duration
	f *func()
}

func (c *delayTimers) after(d time.Duration, f func()) func() {
	p := &f
	c.pending = append(c.pending, delayTimer{d, p})
	return func() { *p = nil }
}

func (c *delayTimers) advance(to time.Duration) {
	slices.SortStableFunc(c.pending, func(a, b delayTimer) int { return int(a.d - b.d) })
	for len(c.pending) > 0 && c.pending[0].d <= to {
		f := c.pending[0].f
		c.pending = c.pending[1:]
		if *f != nil {
			(*f)()
		}
	}
}

// heldRunner is an Options.Run that holds the work until finish.
type heldRunner struct{ work, done func() }

func (h *heldRunner) run(work, done func()) { h.work, h.done = work, done }

func (h *heldRunner) finish() { h.work(); h.done() }

// contextVault is a fakeVault whose unlock can be cancelled; contexts
// records what each unlock was given.
type contextVault struct {
	*fakeVault
	cancelled int
}

func (v *contextVault) UnlockWithCodeContext(ctx context.Context, user string, pass []byte, _ string) (kit.Session, error) {
	if err := ctx.Err(); err != nil {
		v.cancelled++
		return nil, err
	}
	return v.Unlock(user, pass)
}

func (v *contextVault) UnlockWithRecoveryContext(ctx context.Context, code string) (kit.Session, error) {
	if err := ctx.Err(); err != nil {
		v.cancelled++
		return nil, err
	}
	return v.UnlockWithRecovery(code)
}

type oneVaultBackend struct {
	*fakeBackend
	v Vault
}

func (b oneVaultBackend) Open(string) (Vault, error) { return b.v, nil }

// unlockScreen opens the fixture's vault (as v when given) and returns the
// unlock screen with the delays and the work held by the test.
func unlockScreen(t *testing.T, f *fixture, v Vault) (*unlockView, *delayTimers, *heldRunner) {
	t.Helper()
	if v != nil {
		f.app.opts.Backend = oneVaultBackend{f.backend, v}
	}
	test.Tap(f.app.start.open)
	u := f.app.unlock
	if u == nil {
		t.Fatal("no unlock screen")
	}
	timers, held := &delayTimers{}, &heldRunner{}
	f.app.env.After, f.app.env.Run = timers.after, held.run
	u.user.SetText(string(vault.RoleAdmin))
	u.pass.SetText(testPass)
	return u, timers, held
}

// TestUnlockProgressThenCancel: the unlock screen shows nothing new before
// 300 ms, the working message and indicator from 300 ms, Cancel from 2 s;
// Cancel leaves the vault locked with a message saying so, and the next
// unlock works.
func TestUnlockProgressThenCancel(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	cv := &contextVault{fakeVault: f.vault}
	u, timers, held := unlockScreen(t, f, cv)
	test.Tap(u.unlock)
	if !u.Busy() || u.activity.Visible() || u.cancel.Button.Visible() {
		t.Fatal("progress or Cancel shown at once")
	}
	timers.advance(kit.ShowProgressAfter - time.Millisecond)
	if u.activity.Visible() {
		t.Fatal("progress shown before 300 ms")
	}
	timers.advance(kit.ShowProgressAfter)
	if !u.activity.Visible() || u.Message() != f.app.env.Loc.T("cancel.unlock.working") || u.cancel.Button.Visible() {
		t.Fatalf("at 300 ms: indicator %v, message %q, Cancel %v; want the indicator and the working message, no Cancel",
			u.activity.Visible(), u.Message(), u.cancel.Button.Visible())
	}
	timers.advance(kit.OfferCancelAfter - time.Millisecond)
	if u.cancel.Button.Visible() {
		t.Fatal("Cancel offered before 2 s")
	}
	timers.advance(kit.OfferCancelAfter)
	if !u.cancel.Button.Visible() || u.cancel.Button.Disabled() {
		t.Fatal("no Cancel at 2 s")
	}
	test.Tap(u.cancel.Button)
	held.finish()
	if cv.cancelled != 1 || f.app.main != nil || f.app.session != nil {
		t.Fatalf("after Cancel: %d cancelled unlocks, unlocked %v", cv.cancelled, f.app.main != nil)
	}
	if u.Busy() || u.activity.Visible() || u.cancel.Button.Visible() || u.Message() != f.app.env.Loc.T("cancel.unlock.cancelled") {
		t.Fatalf("after Cancel: busy %v, indicator %v, Cancel %v, message %q", u.Busy(), u.activity.Visible(), u.cancel.Button.Visible(), u.Message())
	}
	f.app.env.Run = kit.SyncRunner
	u.pass.SetText(testPass)
	test.Tap(u.unlock)
	if f.app.main == nil {
		t.Fatalf("the unlock after a cancelled one failed: %q", u.Message())
	}
}

// TestUnlockQuickShowsNothing: an unlock done within 300 ms shows no
// progress, and one of a vault that cannot cancel never offers Cancel.
func TestUnlockQuickShowsNothing(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	u, timers, held := unlockScreen(t, f, nil)
	u.pass.SetText("wrong passphrase")
	test.Tap(u.unlock)
	timers.advance(kit.OfferCancelAfter)
	if !u.activity.Visible() || u.cancel.Button.Visible() {
		t.Fatalf("a vault that cannot cancel: indicator %v, Cancel %v; want the indicator only", u.activity.Visible(), u.cancel.Button.Visible())
	}
	held.finish()
	u.pass.SetText(testPass)
	test.Tap(u.unlock)
	held.finish()
	timers.advance(kit.OfferCancelAfter)
	if f.app.main == nil || u.activity.Visible() {
		t.Fatal("a finished unlock still showed progress, or did not unlock")
	}
}
