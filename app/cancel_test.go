package app_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"custodia/app"
	"custodia/vault"
)

// cancelAfter is a context that is cancelled after its Err has answered
// nil n times: a person pressing Cancel between two batches, without a
// timer.
type cancelAfter struct {
	context.Context
	left atomic.Int64
	done chan struct{}
	once sync.Once
}

func newCancelAfter(n int64) *cancelAfter {
	c := &cancelAfter{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(n)
	return c
}

func (c *cancelAfter) Done() <-chan struct{} { return c.done }

func (c *cancelAfter) Err() error {
	if c.left.Add(-1) >= 0 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return context.Canceled
}

// cancelOnWait is cancelled the moment the work first waits on it (Done):
// for an unlock, while the key is being derived.
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

func syntheticPatients(n int) []vault.Patient {
	ps := make([]vault.Patient, n)
	for i := range ps {
		ps[i] = vault.Patient{GivenName: fmt.Sprintf("Import%04d", i), FamilyName: "Testperson",
			BirthDate: time.Date(1950+i%50, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), MRN: fmt.Sprintf("IMP-%05d", i)}
	}
	return ps
}

// TestImportCancelledStoresNothing: an import cancelled after its first
// batch was written returns context.Canceled and leaves the vault as it
// was: the same patients (none of the file findable), and the audit chain
// gains only the one entry that records the cancelled import (apart from
// this test's own audit reads); the chain verifies and the same file then
// imports in full.
func TestImportCancelledStoresNothing(t *testing.T) {
	_, _, vs := newVault(t)
	addPatient(t, vs, "Kept")
	ps := syntheticPatients(700) // two batches
	before, _ := app.CountPatients(vs)
	head := auditTail(t, vs, 0)
	last := head[len(head)-1].Seq
	for _, n := range []int64{0, 2, 3} { // before anything; after the first batch; before the commit
		_, err := app.ImportPatients(newCancelAfter(n), vs, ps)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancel after %d looks: %v, want context.Canceled", n, err)
		}
	}
	if n, _ := app.CountPatients(vs); n != before {
		t.Fatalf("%d patients after cancelled imports, want %d", n, before)
	}
	if found, err := app.FindPatients(vs, vault.Query{MRN: "IMP-00001"}); err != nil || len(found) != 0 {
		t.Fatalf("a cancelled import's first batch is findable: %d, %v", len(found), err)
	}
	cancelled := 0
	for _, e := range auditTail(t, vs, last) {
		switch {
		case e.Action == "audit.read" || e.Action == "patient.search" || e.Action == "patient.find":
		case e.Action == "patient.create" && e.Outcome == "failed" && e.Detail == "cancelled":
			cancelled++
		default:
			t.Fatalf("a cancelled import wrote audit entry %s %s %s", e.Action, e.Outcome, e.Detail)
		}
	}
	if cancelled != 2 { // the import cancelled before it began writes nothing
		t.Fatalf("%d 'cancelled' entries, want 2 (one per import that had begun)", cancelled)
	}
	if _, err := vs.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	if added, err := app.ImportPatients(context.Background(), vs, ps); err != nil || len(added) != len(ps) {
		t.Fatalf("import after the cancelled ones: %d, %v", len(added), err)
	}
}

func auditTail(t *testing.T, vs app.VaultSession, after int64) []vault.AuditEntry {
	t.Helper()
	es, err := vs.AuditEntries(after, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestUnlockCancelled: an unlock cancelled while its key is derived
// returns context.Canceled and no session; repeated cancellations never
// bring on the failure delay, and the next unlock works.
func TestUnlockCancelled(t *testing.T) {
	v, _, _ := newVault(t)
	for range 8 { // more than the three free failures
		s, vs, err := app.Unlock(newCancelOnWait(), v, "admin", []byte("admin-passphrase"), app.Options{})
		if !errors.Is(err, context.Canceled) || s != nil || vs.Session != nil {
			t.Fatalf("cancelled unlock: session %v, %v; want none and context.Canceled", s != nil, err)
		}
	}
	_, vs, err := app.UnlockWithCode(context.Background(), v, "admin", []byte("admin-passphrase"), "", app.Options{})
	if err != nil {
		t.Fatalf("unlock after cancelled ones: %v", err)
	}
	vs.Lock()
}

// TestCreateVaultCancelled: a creation cancelled before it starts or while
// the seeding unlock derives its key leaves no file behind.
func TestCreateVaultCancelled(t *testing.T) {
	weak := vault.WeakKDFParams()
	for i, ctx := range []context.Context{newCancelAfter(0), newCancelOnWait()} {
		path := filepath.Join(t.TempDir(), "new.vault")
		_, err := app.CreateVault(ctx, path, "admin", []byte("admin-passphrase"), vault.Options{KDF: &weak})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("case %d: %v, want context.Canceled", i, err)
		}
		if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 0 {
			t.Fatalf("case %d: a cancelled creation left %d files", i, len(ents))
		}
	}
}
