package vault

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"

	"custodia/consent"
)

func testBackup(t *testing.T, s *Session) ([]byte, *age.X25519Identity) {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	must(t, err)
	var buf bytes.Buffer
	info, err := s.Backup(&buf, id.Recipient())
	must(t, err)
	if info.FileBytes != int64(buf.Len()) || info.ImageBytes == 0 {
		t.Fatalf("backup info %+v for %d bytes", info, buf.Len())
	}
	return buf.Bytes(), id
}

func TestBackupVerify(t *testing.T) {
	v, s := NewTestVault(t)
	p := mustAdd(t, s, fakePatient(randFor(1), 1))
	data, id := testBackup(t, s)
	if bytes.Contains(data, []byte("SQLite format 3")) {
		t.Fatal("backup is not encrypted")
	}
	rep, err := VerifyBackup(bytes.NewReader(data), &BackupCredentials{User: TestAdminName, Passphrase: []byte(TestAdminPassphrase)}, id)
	if err != nil || rep.Patients != 1 || rep.AuditChecked == 0 {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	other, _ := age.GenerateX25519Identity()
	if _, err := VerifyBackup(bytes.NewReader(data), nil, other); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong key: %v", err)
	}
	bad := append([]byte(nil), data...)
	bad[len(bad)-40] ^= 1
	if _, err := VerifyBackup(bytes.NewReader(bad), nil, id); err == nil {
		t.Fatal("a changed backup verified")
	}
	if last, err := s.LastBackup(); err != nil || last.IsZero() {
		t.Fatalf("LastBackup: %v %v", last, err)
	}
	// Passphrase backups restore, and the restored vault opens and verifies.
	rcp, err := age.NewScryptRecipient("backup-Passphrase-77")
	must(t, err)
	rcp.SetWorkFactor(10)
	var buf bytes.Buffer
	_, err = s.Backup(&buf, rcp)
	must(t, err)
	ident, err := age.NewScryptIdentity("backup-Passphrase-77")
	must(t, err)
	to := filepath.Join(t.TempDir(), "restored.vault")
	if _, err := Restore(bytes.NewReader(buf.Bytes()), to, RestoreOptions{Journals: []string{v.Path()}}, ident); err != nil {
		t.Fatal(err)
	}
	s2 := unlockRestored(t, to)
	if got, err := s2.GetPatient(p.ID); err != nil || got.FamilyName != p.FamilyName {
		t.Fatalf("restored patient: %v", err)
	}
}

func unlockRestored(t *testing.T, path string) *Session {
	t.Helper()
	weak := WeakKDFParams()
	v, err := Open(path, Options{KDF: &weak})
	must(t, err)
	t.Cleanup(func() { v.Close() })
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatalf("restored audit trail: %v", err)
	}
	return s
}

// TestErasedStaysErasedAfterRestore is issue 8's attack: restore a backup
// taken before an erasure. The patient must not come back, not even to a
// search, and the report lists the erasure.
func TestErasedStaysErasedAfterRestore(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-1")
	keep := mustAdd(t, f.admin, fakePatient(randFor(9), 9))
	gone := mustAdd(t, f.admin, fakePatient(randFor(10), 10))
	raw := rawColumns(t, f.v, f.p.ID)
	data, id := testBackup(t, f.admin)

	r := f.request(t, f.admin, consent.ReqErasure, true)
	_, err := f.admin.ExecuteErasure(f.approvedPlan(t, r, nil))
	must(t, err)
	must(t, f.admin.DeletePatient(gone.ID))

	// Without a journal the restore refuses.
	to := filepath.Join(t.TempDir(), "restored.vault")
	if _, err := Restore(bytes.NewReader(data), to, RestoreOptions{}, id); !errors.Is(err, ErrValidation) {
		t.Fatalf("restore without a journal: %v", err)
	}
	for _, src := range []string{JournalPath(f.v.Path()), f.v.Path()} {
		to := filepath.Join(t.TempDir(), "restored.vault")
		rep, err := Restore(bytes.NewReader(data), to, RestoreOptions{Journals: []string{src}}, id)
		must(t, err)
		var ids []string
		for _, e := range rep.Reapplied {
			ids = append(ids, e.PatientID)
		}
		if !slices.Equal(ids, []string{f.p.ID, gone.ID}) || rep.Reapplied[0].Kind != "erasure" {
			t.Fatalf("journal %s: re-applied %v, want the erasure and the deletion", src, ids)
		}
		scanFiles(t, to, anySlice(raw)...)
		s := unlockRestored(t, to)
		for _, p := range []Patient{f.p, gone} {
			if _, err := s.GetPatient(p.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("erased patient after restore: %v", err)
			}
			if found, err := s.FindPatients(Query{Name: p.FamilyName}); err != nil || slices.ContainsFunc(found, func(x PatientSummary) bool { return x.ID == p.ID }) {
				t.Fatalf("erased patient searchable after restore: %v", err)
			}
		}
		if _, err := s.GetPatient(keep.ID); err != nil {
			t.Fatalf("kept patient after restore: %v", err)
		}
		es, err := s.AuditEntries(0, 10000)
		must(t, err)
		if !slices.ContainsFunc(es, func(e AuditEntry) bool { return e.Action == "erasure.reapply" && e.Object == "patient:"+f.p.ID }) {
			t.Fatal("re-applied erasure not audited")
		}
		if j, err := s.ErasureJournal(); err != nil || len(j) != 2 {
			t.Fatalf("restored journal: %d entries, %v", len(j), err)
		}
	}
}

// TestOldCopyPutBack: an older copy of the vault file put back next to the
// journal file gets the later erasures applied when it is opened.
func TestOldCopyPutBack(t *testing.T) {
	v, s := NewTestVault(t)
	p := mustAdd(t, s, fakePatient(randFor(3), 3))
	must(t, checkpoint(v.db))
	old, err := os.ReadFile(v.Path())
	must(t, err)
	must(t, s.DeletePatient(p.ID))
	s.Lock()
	must(t, v.Close())
	must(t, os.WriteFile(v.Path(), old, 0o600))
	s2 := unlockRestored(t, v.Path())
	if _, err := s2.GetPatient(p.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted patient back after the old copy was put back: %v", err)
	}
}

func randFor(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// TestJournalTamper: a changed, dropped or re-ordered journal line, or one
// from another vault, is refused before anything is applied.
func TestJournalTamper(t *testing.T) {
	v, s := NewTestVault(t)
	a := mustAdd(t, s, fakePatient(randFor(4), 4))
	b := mustAdd(t, s, fakePatient(randFor(5), 5))
	keep := mustAdd(t, s, fakePatient(randFor(6), 6))
	data, id := testBackup(t, s)
	must(t, s.DeletePatient(a.ID))
	must(t, s.DeletePatient(b.ID))
	path := JournalPath(v.Path())
	orig, err := os.ReadFile(path)
	must(t, err)
	lines := strings.Split(strings.TrimSpace(string(orig)), "\n")
	if len(lines) != 3 {
		t.Fatalf("journal file has %d lines, want header + 2", len(lines))
	}
	for name, mangled := range map[string][]string{
		"patient id changed":  {lines[0], strings.Replace(lines[1], a.ID, keep.ID, 1), lines[2]},
		"first entry dropped": {lines[0], lines[2]},
		"entries swapped":     {lines[0], lines[2], lines[1]},
	} {
		bad := filepath.Join(t.TempDir(), "bad.erasures")
		must(t, os.WriteFile(bad, []byte(strings.Join(mangled, "\n")+"\n"), 0o600))
		to := filepath.Join(t.TempDir(), "r.vault")
		if _, err := Restore(bytes.NewReader(data), to, RestoreOptions{Journals: []string{bad}}, id); !errors.Is(err, ErrIntegrity) {
			t.Errorf("%s: restore %v, want ErrIntegrity", name, err)
		}
		if _, err := os.Stat(to); err == nil {
			t.Errorf("%s: a vault was written", name)
		}
	}
}
