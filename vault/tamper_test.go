package vault

import (
	"database/sql"
	"errors"
	"math/rand/v2"
	"testing"
)

// attacker opens the vault file the way someone holding it would: a plain
// SQLite connection with none of the vault's pragmas or keys.
func attacker(t *testing.T, v *Vault) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", v.Path())
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 0x01
	return c
}

func readBlob(t *testing.T, db *sql.DB, query string, args ...any) []byte {
	t.Helper()
	var b []byte
	if err := db.QueryRow(query, args...).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

func rawExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func wantIntegrity(t *testing.T, s *Session, id, what string) {
	t.Helper()
	_, err := s.GetPatient(id)
	if !errors.Is(err, ErrIntegrity) {
		t.Fatalf("%s: GetPatient error = %v, want ErrIntegrity", what, err)
	}
}

// TestTamperEveryByteOfEachCiphertext flips every byte of every stored
// ciphertext of one patient (each column and the wrapped data key), one at
// a time, and expects ErrIntegrity each time and the data after restoring.
func TestTamperEveryByteOfEachCiphertext(t *testing.T) {
	v, s := NewTestVault(t)
	atk := attacker(t, v)
	p := mustAdd(t, s, fakePatient(rand.New(rand.NewPCG(3, 3)), 1))
	targets := []struct{ table, column, key string }{{"patient_keys", "wrapped_key", "patient_id"}}
	for _, c := range sealedColumns {
		targets = append(targets, struct{ table, column, key string }{"patients", c, "id"})
	}
	for _, tg := range targets {
		sel := "SELECT " + tg.column + " FROM " + tg.table + " WHERE " + tg.key + " = ?"
		upd := "UPDATE " + tg.table + " SET " + tg.column + " = ? WHERE " + tg.key + " = ?"
		orig := readBlob(t, atk, sel, p.ID)
		for i := range orig {
			rawExec(t, atk, upd, flip(orig, i), p.ID)
			wantIntegrity(t, s, p.ID, tg.table+"."+tg.column)
		}
		rawExec(t, atk, upd, orig[:len(orig)-1], p.ID)
		wantIntegrity(t, s, p.ID, tg.table+"."+tg.column+" truncated")
		rawExec(t, atk, upd, orig, p.ID)
	}
	if got, err := s.GetPatient(p.ID); err != nil || got.Notes != p.Notes {
		t.Fatalf("after restoring: %v", err)
	}
}

// TestTamperMovedCiphertext checks the associated data: a valid ciphertext
// moved to another column or another patient does not decrypt.
func TestTamperMovedCiphertext(t *testing.T) {
	v, s := NewTestVault(t)
	atk := attacker(t, v)
	r := rand.New(rand.NewPCG(4, 4))
	a, b := mustAdd(t, s, fakePatient(r, 1)), mustAdd(t, s, fakePatient(r, 2))
	identity := readBlob(t, atk, "SELECT identity FROM patients WHERE id = ?", a.ID)
	contact := readBlob(t, atk, "SELECT contact FROM patients WHERE id = ?", a.ID)
	rawExec(t, atk, "UPDATE patients SET identity = ?, contact = ? WHERE id = ?", contact, identity, a.ID)
	wantIntegrity(t, s, a.ID, "swapped columns")
	rawExec(t, atk, "UPDATE patients SET identity = ?, contact = ? WHERE id = ?", identity, contact, a.ID)
	for _, c := range []string{"identity", "contact"} {
		other := readBlob(t, atk, "SELECT "+c+" FROM patients WHERE id = ?", b.ID)
		mine := readBlob(t, atk, "SELECT "+c+" FROM patients WHERE id = ?", a.ID)
		rawExec(t, atk, "UPDATE patients SET "+c+" = ? WHERE id = ?", other, a.ID)
		wantIntegrity(t, s, a.ID, c+" record of another patient")
		rawExec(t, atk, "UPDATE patients SET "+c+" = ? WHERE id = ?", mine, a.ID)
	}

	keyB := readBlob(t, atk, "SELECT wrapped_key FROM patient_keys WHERE patient_id = ?", b.ID)
	keyA := readBlob(t, atk, "SELECT wrapped_key FROM patient_keys WHERE patient_id = ?", a.ID)
	rawExec(t, atk, "UPDATE patient_keys SET wrapped_key = ? WHERE patient_id = ?", keyB, a.ID)
	wantIntegrity(t, s, a.ID, "data key of another patient")
	rawExec(t, atk, "UPDATE patient_keys SET wrapped_key = ? WHERE patient_id = ?", keyA, a.ID)

	notesB := readBlob(t, atk, "SELECT notes FROM patients WHERE id = ?", b.ID)
	rawExec(t, atk, "UPDATE patients SET notes = ? WHERE id = ?", notesB, a.ID)
	wantIntegrity(t, s, a.ID, "column of another patient")
}

// TestTamperKeySlot: a changed slot never unlocks (and never yields a key).
func TestTamperKeySlot(t *testing.T) {
	v, s := NewTestVault(t)
	atk := attacker(t, v)
	id := s.User().ID
	orig := readBlob(t, atk, "SELECT wrapped_key FROM key_slots WHERE user_id = ?", id)
	salt := readBlob(t, atk, "SELECT salt FROM key_slots WHERE user_id = ?", id)
	// Inside the sealed bytes a change cannot be told from a wrong
	// passphrase (only the tag fails) ...
	for _, i := range []int{1, 30, len(orig) - 1} {
		rawExec(t, atk, "UPDATE key_slots SET wrapped_key = ? WHERE user_id = ?", flip(orig, i), id)
		rawExec(t, atk, "DELETE FROM unlock_backoff")
		if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("byte %d: Unlock = %v, want ErrWrongPassphrase", i, err)
		}
	}
	// ... a format byte, a length or a salt no sealSlot writes can: integrity.
	for name, change := range map[string][]any{
		"format byte": {"UPDATE key_slots SET wrapped_key = ? WHERE user_id = ?", flip(orig, 0), id},
		"truncated":   {"UPDATE key_slots SET wrapped_key = ? WHERE user_id = ?", orig[:len(orig)-1], id},
		"salt":        {"UPDATE key_slots SET salt = x'00' WHERE user_id = ?", id},
	} {
		rawExec(t, atk, change[0].(string), change[1:]...)
		rawExec(t, atk, "DELETE FROM unlock_backoff")
		_, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
		if !errors.Is(err, ErrIntegrity) || errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("%s: Unlock = %v, want ErrIntegrity", name, err)
		}
		rawExec(t, atk, "UPDATE key_slots SET wrapped_key = ?, salt = ? WHERE user_id = ?", orig, salt, id)
	}
	rawExec(t, atk, "UPDATE key_slots SET wrapped_key = ? WHERE user_id = ?", orig, id)
	rawExec(t, atk, "UPDATE key_slots SET kdf_time = kdf_time + 1 WHERE user_id = ?", id)
	rawExec(t, atk, "DELETE FROM unlock_backoff")
	if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("changed KDF parameters: Unlock = %v, want ErrWrongPassphrase", err)
	}
}

// auditVault returns a vault with a few audit entries and triggers dropped,
// as an attacker with the file would.
func auditVault(t *testing.T) (*sql.DB, *Session, int64) {
	t.Helper()
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(5, 5))
	for i := range 4 {
		p := mustAdd(t, s, fakePatient(r, i))
		if _, err := s.GetPatient(p.ID); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.VerifyAudit()
	if err != nil {
		t.Fatalf("clean vault: %v", err)
	}
	atk := attacker(t, v)
	rawExec(t, atk, "DROP TRIGGER audit_log_no_update")
	rawExec(t, atk, "DROP TRIGGER audit_log_no_delete")
	return atk, s, n
}

func wantAuditBroken(t *testing.T, s *Session, seq int64) {
	t.Helper()
	_, err := s.VerifyAudit()
	var ae *AuditError
	if !errors.As(err, &ae) || !errors.Is(err, ErrAuditBroken) {
		t.Fatalf("VerifyAudit = %v, want *AuditError", err)
	}
	if seq > 0 && ae.Seq != seq {
		t.Fatalf("AuditError.Seq = %d (%s), want %d", ae.Seq, ae.Reason, seq)
	}
}

func TestAuditTamperChangedEntry(t *testing.T) {
	for _, col := range []string{"user_id", "action", "object", "outcome", "detail", "at"} {
		t.Run(col, func(t *testing.T) {
			atk, s, _ := auditVault(t)
			val := any("x")
			if col == "at" {
				val = 12345
			}
			rawExec(t, atk, "UPDATE audit_log SET "+col+" = ? WHERE seq = 3", val)
			wantAuditBroken(t, s, 3)
		})
	}
}

func TestAuditTamperRemovedEntry(t *testing.T) {
	atk, s, _ := auditVault(t)
	rawExec(t, atk, "DELETE FROM audit_log WHERE seq = 4")
	wantAuditBroken(t, s, 4)
}

func TestAuditTamperReordered(t *testing.T) {
	atk, s, _ := auditVault(t)
	rawExec(t, atk, "UPDATE audit_log SET seq = -1 WHERE seq = 5")
	rawExec(t, atk, "UPDATE audit_log SET seq = 5 WHERE seq = 6")
	rawExec(t, atk, "UPDATE audit_log SET seq = 6 WHERE seq = -1")
	wantAuditBroken(t, s, 5)
}

func TestAuditTamperTruncatedNewest(t *testing.T) {
	atk, s, n := auditVault(t)
	rawExec(t, atk, "DELETE FROM audit_log WHERE seq > ?", n-2)
	wantAuditBroken(t, s, n-1)
}

func TestAuditTamperHeadRewritten(t *testing.T) {
	atk, s, n := auditVault(t)
	// Cut the tail and point the anchor at the new last entry: the anchor's
	// MAC cannot be recomputed without the key.
	last := readBlob(t, atk, "SELECT mac FROM audit_log WHERE seq = ?", n-2)
	rawExec(t, atk, "DELETE FROM audit_log WHERE seq > ?", n-2)
	rawExec(t, atk, "UPDATE audit_head SET seq = ?, mac = ?", n-2, last)
	wantAuditBroken(t, s, 0)
	// Appending on top of a bad anchor records the tampering in the chain,
	// so the break stays visible after the anchor is rewritten by the app.
	if _, err := s.CountPatients(); err != nil {
		t.Fatal(err)
	}
	_, err := s.VerifyAudit()
	var ae *AuditError
	if !errors.As(err, &ae) || ae.Seq != n-1 {
		t.Fatalf("after append: VerifyAudit = %v, want break at %d", err, n-1)
	}
}

func TestAuditTamperHeadDeleted(t *testing.T) {
	atk, s, _ := auditVault(t)
	rawExec(t, atk, "DELETE FROM audit_head")
	wantAuditBroken(t, s, 0)
}

func TestAuditIsAppendOnlyInSQL(t *testing.T) {
	v, _ := NewTestVault(t)
	atk := attacker(t, v)
	if _, err := atk.Exec("UPDATE audit_log SET detail = 'x' WHERE seq = 1"); err == nil {
		t.Fatal("UPDATE on audit_log succeeded")
	}
	if _, err := atk.Exec("DELETE FROM audit_log"); err == nil {
		t.Fatal("DELETE on audit_log succeeded")
	}
}
