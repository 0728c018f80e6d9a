package vault

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestBackoffRule checks the delay and the clamp against a direct
// re-statement of the rule for every failure count up to well past the cap.
func TestBackoffRule(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, r := range []backoffRule{accountRule, vaultRule} {
		for n := 0; n < 80; n++ {
			want := time.Duration(0)
			if n >= r.free {
				want = time.Second
				for i := r.free; i < n && want < r.cap; i++ {
					want *= 2
				}
				want = min(want, r.cap)
			}
			if got := r.delay(n); got != want {
				t.Fatalf("delay(%d) = %v, want %v", n, got, want)
			}
			future := now.Add(40 * 365 * 24 * time.Hour)
			if got := r.wait(n, future, now); got != want {
				t.Fatalf("wait after a failure dated 40 years ahead, n=%d: %v, want the clamped %v", n, got, want)
			}
		}
	}
}

// TestFutureClockNoLockout reproduces the issue: failures made while the
// clock was years ahead must not lock anyone out beyond the cap once the
// clock is right again.
func TestFutureClockNoLockout(t *testing.T) {
	v, c, _ := clockVault(t)
	real := c.t
	c.t = real.Add(5 * 365 * 24 * time.Hour)
	for i := 0; i < 8; i++ {
		_, err := v.Unlock(TestAdminName, []byte("wrong-passphrase"))
		var te *ThrottledError
		if errors.As(err, &te) {
			c.advance(te.Wait)
			continue
		}
		if !errors.Is(err, ErrWrongPassphrase) {
			t.Fatal(err)
		}
	}
	c.t = real
	_, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	var te *ThrottledError
	if errors.As(err, &te) {
		if te.Wait > accountRule.cap {
			t.Fatalf("wait %v after a future-clock failure, beyond the cap %v", te.Wait, accountRule.cap)
		}
		c.advance(te.Wait)
		_, err = v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	}
	if err != nil {
		t.Fatalf("after waiting the capped delay: %v", err)
	}
}

// TestParallelGuessesThrottled: 30 guesses started at once are not all
// evaluated; exactly the free attempts are.
func TestParallelGuessesThrottled(t *testing.T) {
	v, _, _ := clockVault(t)
	const n = 30
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = v.Unlock(TestAdminName, []byte("wrong-passphrase"))
		}()
	}
	wg.Wait()
	var wrong, throttled int
	for _, err := range errs {
		switch {
		case errors.Is(err, ErrWrongPassphrase):
			wrong++
		case errors.Is(err, ErrThrottled):
			throttled++
		default:
			t.Fatalf("unexpected %v", err)
		}
	}
	if wrong != accountRule.free || throttled != n-accountRule.free {
		t.Fatalf("%d evaluated, %d throttled; want %d evaluated", wrong, throttled, accountRule.free)
	}
}

// TestBackoffPerAccount: wrong guesses on one name neither lock out other
// users nor are reset by a disabled account's or an unknown name's attempt.
func TestBackoffPerAccount(t *testing.T) {
	v, c, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"desk", "gone"} {
		if _, err := admin.AddUser(name, RoleFrontDesk, []byte(name+"-Passphrase-42")); err != nil {
			t.Fatal(err)
		}
	}
	if err := admin.DisableUser("gone"); err != nil {
		t.Fatal(err)
	}
	for range accountRule.free {
		if _, err := v.Unlock(TestAdminName, []byte("wrong-passphrase")); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatal(err)
		}
	}
	if _, err := v.Unlock("desk", []byte("desk-Passphrase-42")); err != nil {
		t.Fatalf("another user after %d wrong guesses on admin: %v (global lock-out)", accountRule.free, err)
	}
	// A disabled account with the right passphrase resets nothing.
	for range accountRule.free {
		if _, err := v.Unlock("gone", []byte("wrong")); !errors.Is(err, ErrUserDisabled) {
			t.Fatal(err)
		}
	}
	c.advance(accountRule.cap)
	if _, err := v.Unlock("gone", []byte("gone-Passphrase-42")); !errors.Is(err, ErrUserDisabled) {
		t.Fatalf("disabled: %v", err)
	}
	if _, err := v.Unlock("gone", []byte("gone-Passphrase-42")); !errors.Is(err, ErrThrottled) {
		t.Fatalf("after a disabled account's correct passphrase: %v, want still throttled", err)
	}
	// Unknown names are counted like real ones and never reset.
	for range accountRule.free {
		if _, err := v.Unlock("nobody", []byte("x")); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatal(err)
		}
	}
	if _, err := v.Unlock("nobody", []byte("x")); !errors.Is(err, ErrThrottled) {
		t.Fatalf("unknown name: %v, want throttled like a real one", err)
	}
}

// TestVaultWideBackoff: spraying guesses over many names is slowed down
// once the vault-wide allowance is used up.
func TestVaultWideBackoff(t *testing.T) {
	v, _, _ := clockVault(t)
	for i := range vaultRule.free {
		if _, err := v.Unlock(filepath.Join("n", string(rune('a'+i%26)), string(rune('a'+i/26))), []byte("x")); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if _, err := v.Unlock("yet-another", []byte("x")); !errors.Is(err, ErrThrottled) {
		t.Fatalf("after %d failures over many names: %v, want throttled", vaultRule.free, err)
	}
}

// The unknown-user path must cost what a wrong passphrase costs: compare
// these two (go test -bench Unlock -benchtime 3x ./vault/). The vault is
// opened without KDF options, as the programs do, so calibration would
// show here if that path ran it.
func benchUnlockFailure(b *testing.B, name string) {
	p := KDFParams{Time: minTime, MemoryKiB: minMemoryKiB, Threads: minThreads}
	path := filepath.Join(b.TempDir(), "b.vault")
	if _, err := Create(path, TestAdminName, []byte(TestAdminPassphrase), Options{KDF: &p}); err != nil {
		b.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	v, err := Open(path, Options{Now: c.now})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	b.ResetTimer()
	for range b.N {
		c.advance(time.Hour) // past any back-off
		if _, err := v.Unlock(name, []byte("wrong-passphrase")); !errors.Is(err, ErrWrongPassphrase) {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnlockWrongPassphrase(b *testing.B) { benchUnlockFailure(b, TestAdminName) }
func BenchmarkUnlockUnknownUser(b *testing.B)     { benchUnlockFailure(b, "nobody") }
