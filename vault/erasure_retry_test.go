package vault

import (
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"custodia/consent"
)

// TestErasureWithConcurrentReader reproduces issue 8: another process
// reading the vault kept old pages in the WAL, the checkpoint failed and
// the erasure was neither done nor retryable. Now the checkpoint is
// retried until the reader lets go; if it never does within the budget,
// the erasure stands and a second call finishes it.
func TestErasureWithConcurrentReader(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-1")
	raw := rawColumns(t, f.v, f.p.ID)
	r := f.request(t, f.admin, consent.ReqErasure, true)
	plan := f.approvedPlan(t, r, nil)
	reader := attacker(t, f.v)
	hold := func() func() {
		tx, err := reader.Begin()
		must(t, err)
		var n int
		must(t, tx.QueryRow("SELECT count(*) FROM patients").Scan(&n)) // pins a WAL snapshot
		return func() { _ = tx.Rollback() }
	}
	// The reader never lets go: the erasure is committed, the error says so.
	release := hold()
	var slept time.Duration
	f.v.sleepFn = func(d time.Duration) { slept += d }
	results, err := f.admin.ExecuteErasure(plan)
	if !errors.Is(err, ErrCheckpointBusy) || slept < checkpointBudget {
		t.Fatalf("blocked checkpoint: %v after %v of retries", err, slept)
	}
	if _, err := f.admin.GetPatient(f.p.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("patient after the committed erasure: %v", err)
	}
	release()
	again, err := f.admin.ExecuteErasure(plan)
	if err != nil || !reflect.DeepEqual(again, results) {
		t.Fatalf("retry: %v, results %v, want %v", err, again, results)
	}
	scanFiles(t, f.v.Path(), anySlice(raw)...)

	// A reader that lets go while the erasure waits: done in one call.
	p2 := mustAdd(t, f.admin, f.p.withoutID())
	raw2 := rawColumns(t, f.v, p2.ID)
	release = hold()
	var sleeps int
	f.v.sleepFn = func(time.Duration) {
		if sleeps++; sleeps == 2 {
			release()
		}
	}
	must(t, f.admin.DeletePatient(p2.ID))
	if sleeps < 2 {
		t.Fatalf("the reader never blocked the checkpoint (%d retries): the test proves nothing", sleeps)
	}
	if fi, err := os.Stat(f.v.Path() + "-wal"); err == nil && fi.Size() != 0 {
		t.Fatalf("WAL not truncated: %d bytes", fi.Size())
	}
	scanFiles(t, f.v.Path(), anySlice(raw2)...)
}

func anySlice(bs [][]byte) []any {
	out := make([]any, len(bs))
	for i, b := range bs {
		out[i] = b
	}
	return out
}

func (p Patient) withoutID() Patient {
	p.ID, p.MRN, p.Version = "", "", 0
	return p
}
