package vault

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// TestTamperKeyRecords flips a byte of every key record an unlock relies
// on (grant, signed user record, pinned signing key, authority) and
// expects an integrity error, never a session and never "wrong passphrase";
// each record restored, the unlock works again.
func TestTamperKeyRecords(t *testing.T) {
	v, s := NewTestVault(t)
	atk := attacker(t, v)
	rawExec(t, atk, "DROP TRIGGER signing_keys_no_update")
	id := s.User().ID
	var signKey string
	atk.QueryRow("SELECT sign_key FROM users WHERE id = ?", id).Scan(&signKey)
	targets := []struct{ table, column, key, value string }{
		{"key_grants", "ciphertext", "id", id}, {"key_grants", "sig", "id", id}, {"key_grants", "eph_pub", "id", id},
		{"key_grants", "box_pub", "id", id},
		{"users", "record_sig", "id", id}, {"users", "box_pub", "id", id},
		{"signing_keys", "public_key", "id", signKey}, {"signing_keys", "sig", "id", signKey},
		{"vault_meta", "authority_pub", "id", "1"},
	}
	for _, tg := range targets {
		q := "SELECT " + tg.column + " FROM " + tg.table + " WHERE " + tg.key + " = ?"
		orig := readBlob(t, atk, q, tg.value)
		for _, i := range []int{0, len(orig) / 2, len(orig) - 1} {
			rawExec(t, atk, "UPDATE "+tg.table+" SET "+tg.column+" = ? WHERE "+tg.key+" = ?", flip(orig, i), tg.value)
			rawExec(t, atk, "DELETE FROM unlock_backoff")
			_, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
			if !errors.Is(err, ErrIntegrity) || errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("%s.%s byte %d: Unlock = %v, want ErrIntegrity", tg.table, tg.column, i, err)
			}
		}
		rawExec(t, atk, "UPDATE "+tg.table+" SET "+tg.column+" = ? WHERE "+tg.key+" = ?", orig, tg.value)
	}
	for _, edit := range [][2]string{{"UPDATE key_grants SET generation = 7", "UPDATE key_grants SET generation = 1"},
		{"UPDATE key_grants SET role = 'dpo'", "UPDATE key_grants SET role = 'admin'"}} {
		rawExec(t, atk, edit[0]+" WHERE id = ?", id)
		rawExec(t, atk, "DELETE FROM unlock_backoff")
		if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrIntegrity) {
			t.Fatalf("%s: Unlock = %v, want ErrIntegrity", edit[0], err)
		}
		rawExec(t, atk, edit[1]+" WHERE id = ?", id)
	}
	rawExec(t, atk, "DELETE FROM unlock_backoff")
	if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); err != nil {
		t.Fatalf("restored: %v", err)
	}
}

// TestTamperAuditSignatures flips bytes of entry signatures, the head's
// signature and the signers' newest-entry records.
func TestTamperAuditSignatures(t *testing.T) {
	for _, tg := range []struct{ name, query, update string }{
		{"entry signature", "SELECT sig FROM audit_log WHERE seq = 3", "UPDATE audit_log SET sig = ? WHERE seq = 3"},
		{"entry signer", "SELECT signer FROM audit_log WHERE seq = 3", "UPDATE audit_log SET signer = ? WHERE seq = 3"},
		{"head signature", "SELECT head_mac FROM audit_head", "UPDATE audit_head SET head_mac = ?"},
		{"signer record", "SELECT sig FROM audit_signers LIMIT 1", "UPDATE audit_signers SET sig = ?"},
	} {
		t.Run(tg.name, func(t *testing.T) {
			atk, s, _ := auditVault(t)
			orig := readBlob(t, atk, tg.query)
			rawExec(t, atk, tg.update, flip(orig, len(orig)/2))
			wantAuditBroken(t, s, 0)
		})
	}
}

// TestKeyFormat1FlagOnFormat2Vault: a format-2 vault whose key format is
// set back to 1 in the file is not "upgraded": its slots hold no format-1
// master key, which is an integrity error. (Real format-1 vaults are
// upgraded: upgrade_v1_test.go.)
func TestKeyFormat1FlagOnFormat2Vault(t *testing.T) {
	v, _ := NewTestVault(t)
	rawExec(t, attacker(t, v), "UPDATE vault_meta SET key_format = 1")
	if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("format-1 flag on a format-2 vault: %v, want ErrIntegrity", err)
	}
	if _, err := v.UnlockWithRecovery("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"); !errors.Is(err, ErrUpgradeNeedsAdmin) {
		t.Fatalf("recovery code on a format-1 flagged vault: %v, want ErrUpgradeNeedsAdmin", err)
	}
}

// TestAuditBatchSignature: a batch signs only its last entry, which covers
// the others through the hash chain. An unsigned entry must be covered by a
// later signature of the same key before another key signs, and the newest
// entry must be signed.
func TestAuditBatchSignature(t *testing.T) {
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(61, 61))
	desk := userSession(t, v, s, "desk", RoleFrontDesk)
	batch := []Patient{fakePatient(r, 1), fakePatient(r, 2), fakePatient(r, 3)}
	if _, err := s.AddPatients(batch); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.ListPatients(0, 1); err != nil {
		t.Fatal(err)
	}
	atk := attacker(t, v)
	var last, newest, unsigned int64
	atk.QueryRow("SELECT max(seq) FROM audit_log WHERE action = 'patient.create'").Scan(&last)
	atk.QueryRow("SELECT max(seq) FROM audit_log").Scan(&newest)
	atk.QueryRow("SELECT count(*) FROM audit_log WHERE sig IS NULL").Scan(&unsigned)
	if unsigned != 2 {
		t.Fatalf("%d unsigned entries, want 2 (the batch's first two)", unsigned)
	}
	rawExec(t, atk, "DROP TRIGGER audit_log_no_update")
	for _, seq := range []int64{last, newest} {
		orig := readBlob(t, atk, "SELECT sig FROM audit_log WHERE seq = ?", seq)
		rawExec(t, atk, "UPDATE audit_log SET sig = NULL WHERE seq = ?", seq)
		_, err := s.VerifyAudit()
		var ae *AuditError
		if !errors.As(err, &ae) || ae.Seq > seq { // reported at the first entry of the uncovered run
			t.Fatalf("signature of entry %d stripped: %v", seq, err)
		}
		rawExec(t, atk, "UPDATE audit_log SET sig = ? WHERE seq = ?", orig, seq)
	}
}
