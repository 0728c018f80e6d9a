package vault

import (
	"errors"
	"strings"
	"testing"
)

// TestBatchMRNConflictRollsBackWhole: the batched inserts stop at a
// failing row without undoing the statement's earlier rows (INSERT OR
// FAIL, no statement journal); the transaction must still leave nothing.
// A batch whose last patient takes an MRN already assigned is refused with
// ErrExists naming that patient and the owner; no row of the batch stays
// (not in the tables, not in a search), and the same patients without
// the conflict are then stored.
func TestBatchMRNConflictRollsBackWhole(t *testing.T) {
	v, s := NewTestVault(t)
	owner := mustAdd(t, s, fakePatient(randFor(30), 30))
	var batch []Patient
	for i := range 5 {
		batch = append(batch, fakePatient(randFor(uint64(40+i)), 40+i))
	}
	batch[4].MRN = owner.MRN
	before := map[string]int{}
	tables := []string{"patients", "patient_keys", "patient_index", "patient_mrn"}
	for _, tb := range tables {
		before[tb] = countRows(t, v.db, "SELECT count(*) FROM "+tb)
	}
	_, err := s.AddPatients(batch)
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), owner.ID) {
		t.Fatalf("conflicting batch: %v, want ErrExists naming %s", err, owner.ID)
	}
	for _, tb := range tables {
		if got := countRows(t, v.db, "SELECT count(*) FROM "+tb); got != before[tb] {
			t.Errorf("%s: %d rows after the refused batch, want %d", tb, got, before[tb])
		}
	}
	for _, p := range batch[:4] {
		if found, err := s.FindPatients(Query{Name: p.FamilyName}); err != nil || len(found) != 0 {
			t.Fatalf("a patient of the refused batch is searchable: %d, %v", len(found), err)
		}
	}
	batch[4].MRN = "MRNZ-NEW-0001"
	stored, err := s.AddPatients(batch)
	if err != nil || len(stored) != 5 {
		t.Fatalf("the same batch without the conflict: %d, %v", len(stored), err)
	}
	if n, _ := s.CountPatients(); n != 6 {
		t.Fatalf("%d patients, want 6", n)
	}
}
