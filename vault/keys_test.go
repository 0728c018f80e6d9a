package vault

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// snapshot reads every byte of the given query's rows.
func snapshot(t *testing.T, db *sql.DB, query string) [][]byte {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]byte
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var row []byte
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				row = append(row, b...)
			} else {
				row = fmt.Append(row, v)
			}
			row = append(row, 0)
		}
		out = append(out, row)
	}
	return out
}

func sameRows(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

const (
	allPatientData = "SELECT * FROM patients ORDER BY id"
	allPatientKeys = "SELECT * FROM patient_keys ORDER BY patient_id"
	allIndex       = "SELECT kind, mac, patient_seq FROM patient_index UNION ALL SELECT 4, mac, patient_seq FROM patient_mrn ORDER BY 1, 2, 3"
)

func TestChangePassphraseRewritesOnlyTheSlot(t *testing.T) {
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(2, 2))
	for i := range 5 {
		mustAdd(t, s, fakePatient(r, i))
	}
	if _, err := s.AddUser("doc", RoleClinician, []byte("doc-passphrase")); err != nil {
		t.Fatal(err)
	}
	before := map[string][][]byte{}
	for _, q := range []string{allPatientData, allPatientKeys, allIndex, "SELECT * FROM key_slots WHERE user_id IS NULL OR user_id <> '" + s.User().ID + "'"} {
		before[q] = snapshot(t, v.db, q)
	}
	ownBefore := snapshot(t, v.db, "SELECT salt, wrapped_key FROM key_slots WHERE user_id = '"+s.User().ID+"'")

	if err := s.ChangePassphrase([]byte("wrong-old-passphrase"), []byte("new-passphrase")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong old passphrase: %v", err)
	}
	if !hasEntry(auditActions(t, s), "user.passphrase.change", outcomeFailed) {
		t.Fatal("failed passphrase change not audited")
	}
	if err := s.ChangePassphrase([]byte(TestAdminPassphrase), []byte("new-passphrase")); err != nil {
		t.Fatal(err)
	}
	for q, rows := range before {
		if !sameRows(rows, snapshot(t, v.db, q)) {
			t.Errorf("passphrase change modified rows of %q", q)
		}
	}
	if sameRows(ownBefore, snapshot(t, v.db, "SELECT salt, wrapped_key FROM key_slots WHERE user_id = '"+s.User().ID+"'")) {
		t.Error("own slot not rewritten")
	}
	if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase still unlocks: %v", err)
	}
	s2, err := v.Unlock(TestAdminName, []byte("new-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s2.CountPatients(); err != nil || n != 5 {
		t.Fatalf("after change: %d, %v", n, err)
	}
	if _, err := v.Unlock("doc", []byte("doc-passphrase")); err != nil {
		t.Fatalf("other user's slot broken: %v", err)
	}
}

func TestRecoveryCodeUnlock(t *testing.T) {
	v, _, code := clockVault(t)
	if len(code) < 24 {
		t.Fatalf("recovery code too short: %d chars", len(code))
	}
	raw, err := parseRecoveryCode(code)
	if err != nil || len(raw)*8 < 128 {
		t.Fatalf("recovery code: %v, %d bits", err, len(raw)*8)
	}
	// Typed loosely: lower case, without dashes.
	s, err := v.UnlockWithRecovery(bytes.NewBuffer(bytes.ToLower(bytes.ReplaceAll([]byte(code), []byte("-"), nil))).String())
	if err != nil {
		t.Fatal(err)
	}
	if s.User().Role != RoleAdmin {
		t.Fatalf("recovery session role %s", s.User().Role)
	}
	if err := s.ResetPassphrase(TestAdminName, []byte("after-recovery")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Unlock(TestAdminName, []byte("after-recovery")); err != nil {
		t.Fatal(err)
	}
	newCode, err := s.NewRecoveryCode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.UnlockWithRecovery(code); !errors.Is(err, ErrWrongRecoveryCode) {
		t.Fatalf("old code after rotation: %v", err)
	}
	if _, err := v.UnlockWithRecovery(newCode); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

// TestLockThenErrLocked calls every Session method after Lock.
func TestLockThenErrLocked(t *testing.T) {
	_, s := NewTestVault(t)
	p := mustAdd(t, s, fakePatient(rand.New(rand.NewPCG(1, 1)), 1))
	s.Lock()
	if !s.Locked() {
		t.Fatal("Locked() = false after Lock")
	}
	calls := map[string]func() error{
		"AddPatient":       func() error { _, err := s.AddPatient(p); return err },
		"AddPatients":      func() error { _, err := s.AddPatients([]Patient{p}); return err },
		"GetPatient":       func() error { _, err := s.GetPatient(p.ID); return err },
		"UpdatePatient":    func() error { _, err := s.UpdatePatient(p); return err },
		"DeletePatient":    func() error { return s.DeletePatient(p.ID) },
		"FindPatients":     func() error { _, err := s.FindPatients(Query{Name: "x"}); return err },
		"CountPatients":    func() error { _, err := s.CountPatients(); return err },
		"ListPatients":     func() error { _, err := s.ListPatients(0, 1); return err },
		"AddUser":          func() error { _, err := s.AddUser("x-user", RoleDPO, []byte("x-passphrase")); return err },
		"ListUsers":        func() error { _, err := s.ListUsers(); return err },
		"StaffNames":       func() error { _, err := s.StaffNames(); return err },
		"SetRole":          func() error { return s.SetRole(TestAdminName, RoleAdmin) },
		"DisableUser":      func() error { return s.DisableUser(TestAdminName) },
		"EnableUser":       func() error { return s.EnableUser(TestAdminName) },
		"ChangePassphrase": func() error { return s.ChangePassphrase([]byte(TestAdminPassphrase), []byte("new-passphrase")) },
		"ResetPassphrase":  func() error { return s.ResetPassphrase(TestAdminName, []byte("new-passphrase")) },
		"NewRecoveryCode":  func() error { _, err := s.NewRecoveryCode(); return err },
		"AuditEntries":     func() error { _, err := s.AuditEntries(0, 1); return err },
		"VerifyAudit":      func() error { _, err := s.VerifyAudit(); return err },
		"AuditHead":        func() error { _, err := s.AuditHead(); return err },
		"VerifyAuditAnchor": func() error {
			_, err := s.VerifyAuditAnchor(AuditAnchor{Seq: 1, MAC: strings.Repeat("00", 32)})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrLocked) {
			t.Errorf("%s after Lock: %v, want ErrLocked", name, err)
		}
	}
	if s.k != nil {
		t.Fatal("keys still referenced after Lock")
	}
}

func TestLockZeroesKeys(t *testing.T) {
	_, s := NewTestVault(t)
	k := s.k
	held := [][]byte{k.wrap, k.name, k.dob, k.mrn, k.authSeed, k.boxPriv, k.sign}
	for _, c := range keyCategories {
		held = append(held, k.cat[c])
	}
	s.Lock()
	for i, b := range held {
		if len(b) == 0 || !bytes.Equal(b, make([]byte, len(b))) {
			t.Errorf("key %d not held or not zeroed", i)
		}
	}
}

func TestSubkeysAreDistinct(t *testing.T) {
	c, _, _ := newSlotContent(nil)
	cats := newCategoryKeys()
	k, err := deriveKeys(bundle{cat: cats}, c, "vault-a", 1)
	if err != nil {
		t.Fatal(err)
	}
	all := [][]byte{k.wrap, k.name, k.dob, k.mrn}
	for _, key := range k.cat {
		all = append(all, key)
	}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if bytes.Equal(all[i], all[j]) {
				t.Errorf("keys %d and %d are equal", i, j)
			}
		}
	}
	k2, _ := deriveKeys(bundle{cat: cats}, c, "vault-b", 1)
	if bytes.Equal(k.name, k2.name) || bytes.Equal(k.wrap, k2.wrap) {
		t.Error("subkeys do not depend on the vault id")
	}
}

func TestCalibrateKDFFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Argon2id with 64 MiB")
	}
	p := CalibrateKDF(1) // a target no machine meets: the floor
	if p.Time < 3 || p.MemoryKiB < 64*1024 || p.Threads < 4 {
		t.Fatalf("CalibrateKDF below the floor: %s", p)
	}
}
