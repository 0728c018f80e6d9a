package vault

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// cancelAtWait is a context the person cancels at the n-th time the vault
// looks whether it was cancelled (a call of Done): every point at which a
// cancel can arrive is reached by some n. No timer is involved.
type cancelAtWait struct {
	context.Context
	n, calls  int64
	done      chan struct{}
	cancelled atomic.Bool
}

func newCancelAtWait(n int64) *cancelAtWait {
	return &cancelAtWait{Context: context.Background(), n: n, done: make(chan struct{})}
}

func (c *cancelAtWait) Done() <-chan struct{} {
	if atomic.AddInt64(&c.calls, 1) == c.n && c.cancelled.CompareAndSwap(false, true) {
		close(c.done)
	}
	return c.done
}

func (c *cancelAtWait) Err() error {
	if c.cancelled.Load() {
		return context.Canceled
	}
	return nil
}

// waitsPerDerivation is how often one key derivation looks whether it was
// cancelled.
func waitsPerDerivation(t *testing.T) int64 {
	t.Helper()
	c := newCancelAtWait(0) // never cancels, counts
	if _, err := deriveKeyContext(c, []byte("secret"), make([]byte, saltLen), WeakKDFParams()); err != nil {
		t.Fatal(err)
	}
	return atomic.LoadInt64(&c.calls)
}

// accountState is everything adding a user or changing a passphrase may
// write: the users, their key slots and the audit chain's length.
func accountState(t *testing.T, v *Vault) string {
	t.Helper()
	out := ""
	rows, err := v.db.Query("SELECT id, salt, wrapped_key FROM key_slots ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var salt, wrapped []byte
		if err := rows.Scan(&id, &salt, &wrapped); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("slot %s %x %x; ", id, salt, wrapped)
	}
	for _, table := range []string{"users", "audit_log", "audit_pending"} {
		var n int64
		if err := v.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s:%d ", table, n)
	}
	return out
}

// TestCancelledAddUserWritesNothing: a cancel at any point before the new
// user is stored returns context.Canceled and leaves users, slots and the
// audit trail as they were; the first run that is not cancelled adds the
// user, who can then unlock.
func TestCancelledAddUserWritesNothing(t *testing.T) {
	v, s := NewTestVault(t)
	pass := []byte("Tulip-Harbour-Violin-42")
	n := int64(1)
	for ; ; n++ {
		if n > 50 {
			t.Fatal("AddUserContext never finished")
		}
		before := accountState(t, v)
		_, err := s.AddUserContext(newCancelAtWait(n), "maria", RoleFrontDesk, pass)
		if err == nil {
			break
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancel at wait %d: %v", n, err)
		}
		if after := accountState(t, v); after != before {
			t.Fatalf("cancel at wait %d changed the vault:\n before %s\n after  %s", n, before, after)
		}
	}
	if per := waitsPerDerivation(t); n-1 < per {
		t.Fatalf("only cancels at the first %d waits stopped AddUserContext; the derivation has %d", n-1, per)
	}
	us, err := v.Unlock("maria", pass)
	if err != nil {
		t.Fatalf("the user added after cancelled attempts cannot unlock: %v", err)
	}
	us.Lock()
}

// TestCancelledPassphraseChangeWritesNothing: a cancel while the old
// passphrase is checked or the new slot sealed, or before it is stored,
// returns context.Canceled, writes nothing and leaves the old passphrase
// working; the first run not cancelled changes it.
func TestCancelledPassphraseChangeWritesNothing(t *testing.T) {
	v, s := NewTestVault(t)
	old, next := []byte(TestAdminPassphrase), []byte("Quiet-Lantern-Orchard-7")
	n := int64(1)
	for ; ; n++ {
		if n > 50 {
			t.Fatal("ChangePassphraseContext never finished")
		}
		before := accountState(t, v)
		err := s.ChangePassphraseContext(newCancelAtWait(n), old, next)
		if err == nil {
			break
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancel at wait %d: %v", n, err)
		}
		if after := accountState(t, v); after != before {
			t.Fatalf("cancel at wait %d changed the vault:\n before %s\n after  %s", n, before, after)
		}
	}
	if per := waitsPerDerivation(t); n-1 < 2*per {
		t.Fatalf("only cancels at the first %d waits stopped the change; its two derivations have %d", n-1, 2*per)
	}
	if _, err := v.Unlock(TestAdminName, old); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase after the change: %v", err)
	}
	us, err := v.Unlock(TestAdminName, next)
	if err != nil {
		t.Fatalf("new passphrase: %v", err)
	}
	us.Lock()
}
