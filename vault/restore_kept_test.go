package vault

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"custodia/consent"
)

// keptState is what an erasure left of a patient, as the vault reports it:
// the erased record with its kept and anonymised fields (decrypted), the
// kept retention items and the deletion-due list on the day after the
// keep-until date and on the day before it.
type keptState struct {
	record    ErasedPatient
	kept      []consent.RetentionItem
	dueAfter  []consent.DueItem
	dueBefore []consent.DueItem
}

func readKeptState(t *testing.T, s *Session, patientID string) keptState {
	t.Helper()
	var st keptState
	var err error
	st.record, err = s.ErasedRecord(patientID)
	must(t, err)
	slices.SortFunc(st.record.Fields, func(a, b ErasedField) int { return compareStrings(a.Field, b.Field) })
	st.kept, err = s.KeptRetentionItems()
	must(t, err)
	items, err := s.RetentionItems()
	must(t, err)
	items = append(items, st.kept...)
	st.dueAfter = consent.DueForDeletion(items, erasureRules(), st.record.KeepUntil.AddDate(0, 0, 1))
	st.dueBefore = consent.DueForDeletion(items, erasureRules(), st.record.KeepUntil.AddDate(0, 0, -1))
	return st
}

// fileRows reads every row an erasure leaves of patientID (keptTables and
// the certificate) straight from a vault file, as printable strings.
func fileRows(t *testing.T, path, patientID, cert string) []string {
	t.Helper()
	db := rawOpen(t, path)
	var out []string
	tables := append(slices.Clone(keptTables), struct{ table, where string }{"certificates", "id = ?"})
	for _, tb := range tables {
		arg := patientID
		if tb.table == "certificates" {
			arg = cert
		}
		rows, err := db.Query("SELECT * FROM "+tb.table+" WHERE "+tb.where+" ORDER BY 1", arg)
		must(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			out = append(out, fmt.Sprintf("%s %v", tb.table, vals))
		}
		must(t, rows.Err())
		rows.Close()
	}
	return out
}

// TestRestoreKeepsKeptData: an erasure that kept categories under Art.
// 17(3) (clinical kept with a keep-until date, identity anonymised, the
// request's personal fields kept) is made after a backup. Restoring the
// backup with the current vault among the journal sources leaves exactly
// the erasure's state: the same rows in the file, the same kept and
// anonymised values, the same kept retention items and the same
// deletion-due lists. With the journal file alone the erasure stays
// whole-record and the report names the patient.
func TestRestoreKeepsKeptData(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-1")
	other := mustAdd(t, f.admin, fakePatient(randFor(12), 12))
	r := f.request(t, f.admin, consent.ReqErasure, true)
	data, id := testBackup(t, f.admin)
	_, err := f.admin.ExecuteErasure(f.approvedPlan(t, r, nil))
	must(t, err)
	want := readKeptState(t, f.admin, f.p.ID)
	if want.record.KeepUntil.IsZero() || len(want.kept) != 1 || len(want.dueAfter) == 0 || len(want.dueBefore) == len(want.dueAfter) ||
		!slices.ContainsFunc(want.record.Fields, func(x ErasedField) bool { return x.Action == consent.ActKeep && x.Value != "" }) {
		t.Fatalf("the erasure kept nothing to compare: %+v", want)
	}
	must(t, checkpoint(f.v.db))
	wantRows := fileRows(t, f.v.Path(), f.p.ID, want.record.CertificateID)

	to := filepath.Join(t.TempDir(), "restored.vault")
	rep, err := Restore(bytes.NewReader(data), to, RestoreOptions{Journals: []string{JournalPath(f.v.Path()), f.v.Path()}}, id)
	must(t, err)
	if len(rep.Reapplied) != 1 || len(rep.KeptNotRestored) != 0 {
		t.Fatalf("report: re-applied %d, kept not restored %+v", len(rep.Reapplied), rep.KeptNotRestored)
	}
	if got := fileRows(t, to, f.p.ID, want.record.CertificateID); !slices.Equal(got, wantRows) {
		t.Fatalf("rows of the erasure after restore differ:\n got %q\nwant %q", got, wantRows)
	}
	s := unlockRestored(t, to)
	if got := readKeptState(t, s, f.p.ID); !reflect.DeepEqual(got, want) {
		t.Fatalf("kept state after restore:\n got %+v\nwant %+v", got, want)
	}
	if _, err := s.GetPatient(other.ID); err != nil {
		t.Fatalf("another patient after restore: %v", err)
	}

	// The journal file alone cannot carry kept data: whole-record, reported.
	to2 := filepath.Join(t.TempDir(), "journal-only.vault")
	rep, err = Restore(bytes.NewReader(data), to2, RestoreOptions{Journals: []string{JournalPath(f.v.Path())}}, id)
	must(t, err)
	if len(rep.KeptNotRestored) != 1 || rep.KeptNotRestored[0].PatientID != f.p.ID {
		t.Fatalf("journal only: kept not restored %+v", rep.KeptNotRestored)
	}
	s2 := unlockRestored(t, to2)
	if kept, err := s2.KeptRetentionItems(); err != nil || len(kept) != 0 {
		t.Fatalf("journal only: kept items %v, %v", kept, err)
	}
}

// TestRestoreKeptAfterRotation: after a rotation the kept rows are sealed
// under keys the backup's generation does not have, so they are not
// copied (they would be unreadable) and the report says why.
func TestRestoreKeptAfterRotation(t *testing.T) {
	f := newDSRFixture(t)
	r := f.request(t, f.admin, consent.ReqErasure, true)
	data, id := testBackup(t, f.admin)
	_, err := f.admin.ExecuteErasure(f.approvedPlan(t, r, nil))
	must(t, err)
	_, err = f.admin.Rotate()
	must(t, err)
	to := filepath.Join(t.TempDir(), "restored.vault")
	rep, err := Restore(bytes.NewReader(data), to, RestoreOptions{Journals: []string{f.v.Path()}}, id)
	must(t, err)
	if len(rep.KeptNotRestored) != 1 {
		t.Fatalf("kept not restored: %+v", rep.KeptNotRestored)
	}
	db := rawOpen(t, to)
	var n int
	must(t, db.QueryRow("SELECT count(*) FROM retention_keys WHERE patient_id = ?", f.p.ID).Scan(&n))
	if n != 0 {
		t.Fatal("a retention key of another key generation was copied")
	}
}
