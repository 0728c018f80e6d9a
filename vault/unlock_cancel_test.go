package vault

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// cancelOnWait is a context the person cancels the moment the unlock
// starts waiting for it (the first call of Done): after the attempt was
// counted and the derivation started, before the secret can be checked.
// No timer is involved.
type cancelOnWait struct {
	context.Context
	once      sync.Once
	done      chan struct{}
	cancelled atomic.Bool
}

func newCancelOnWait() *cancelOnWait {
	return &cancelOnWait{Context: context.Background(), done: make(chan struct{})}
}

func (c *cancelOnWait) Done() <-chan struct{} {
	c.once.Do(func() { c.cancelled.Store(true); close(c.done) })
	return c.done
}

func (c *cancelOnWait) Err() error {
	if c.cancelled.Load() {
		return context.Canceled
	}
	return nil
}

// vaultState is everything an unlock attempt may write: the counters, the
// pending failure entries and the audit chain's length.
func vaultState(t *testing.T, v *Vault) string {
	t.Helper()
	var out string
	rows, err := v.db.Query("SELECT scope, failures, last_failed_at FROM unlock_backoff ORDER BY scope")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var scope string
		var n, last int64
		if err := rows.Scan(&scope, &n, &last); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s=%d@%d ", scope, n, last)
	}
	for _, table := range []string{"audit_pending", "audit_log"} {
		var n int64
		if err := v.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s:%d ", table, n)
	}
	return out
}

// TestCancelledUnlockChargesNothing: an unlock cancelled while the key is
// being derived returns context.Canceled and no session, writes nothing
// (counters, pending entries, audit chain as before: also when earlier
// failures had moved the counters), and many cancelled attempts in a row
// never bring on the delay, so the next real unlock works at once. Unknown
// names and the recovery code behave the same.
func TestCancelledUnlockChargesNothing(t *testing.T) {
	v, c, code := clockVault(t)
	try := map[string]func(context.Context) (*Session, error){
		"passphrase": func(ctx context.Context) (*Session, error) {
			return v.UnlockContext(ctx, TestAdminName, []byte(TestAdminPassphrase))
		},
		"unknown user": func(ctx context.Context) (*Session, error) {
			return v.UnlockWithCodeContext(ctx, "nobody", []byte("whatever-it-is"), "")
		},
		"recovery": func(ctx context.Context) (*Session, error) { return v.UnlockWithRecoveryContext(ctx, code) },
		"malformed recovery": func(ctx context.Context) (*Session, error) {
			return v.UnlockWithRecoveryContext(ctx, "not a code")
		},
	}
	for round := range 2 {
		if round == 1 { // earlier failures on the counters
			for range 2 {
				if _, err := v.Unlock(TestAdminName, []byte("wrong-passphrase")); !errors.Is(err, ErrWrongPassphrase) {
					t.Fatal(err)
				}
				c.advance(1)
			}
		}
		for name, f := range try {
			before := vaultState(t, v)
			for range 2 * accountRule.free {
				s, err := f(newCancelOnWait())
				if !errors.Is(err, context.Canceled) || s != nil {
					t.Fatalf("%s: cancelled unlock gave session %v, error %v; want none and context.Canceled", name, s != nil, err)
				}
				c.advance(1)
			}
			if after := vaultState(t, v); after != before {
				t.Fatalf("%s: cancelled unlocks changed the vault:\n before %s\n after  %s", name, before, after)
			}
		}
	}
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatalf("unlock after cancelled attempts: %v", err)
	}
	s.Lock()
}

// TestCancelledBeforeStart: a context cancelled before the call counts
// nothing and derives nothing.
func TestCancelledBeforeStart(t *testing.T) {
	v, _, _ := clockVault(t)
	before := vaultState(t, v)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := v.UnlockContext(ctx, TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if after := vaultState(t, v); after != before {
		t.Fatalf("changed: %s -> %s", before, after)
	}
}

// TestDeriveKeyContextAbandoned: the derivation a caller gave up on hands
// its key to no one; a live context gets the same key as deriveKey.
func TestDeriveKeyContextAbandoned(t *testing.T) {
	p := WeakKDFParams()
	salt := make([]byte, saltLen)
	k, err := deriveKeyContext(newCancelOnWait(), []byte("secret"), salt, p)
	if !errors.Is(err, context.Canceled) || k != nil {
		t.Fatalf("abandoned derivation returned key %v, error %v", k != nil, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k, err = deriveKeyContext(ctx, []byte("secret"), salt, p)
	if err != nil || string(k) != string(deriveKey([]byte("secret"), salt, p)) {
		t.Fatalf("live derivation: %v", err)
	}
}
