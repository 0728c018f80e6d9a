package vault

import (
	"errors"
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
			rawExec(t, atk, "UPDATE vault_meta SET failed_unlocks = 0")
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
		rawExec(t, atk, "UPDATE vault_meta SET failed_unlocks = 0")
		if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrIntegrity) {
			t.Fatalf("%s: Unlock = %v, want ErrIntegrity", edit[0], err)
		}
		rawExec(t, atk, edit[1]+" WHERE id = ?", id)
	}
	rawExec(t, atk, "UPDATE vault_meta SET failed_unlocks = 0")
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

// TestKeyFormat1Refused: a vault whose slots hold the shared master key of
// format 1 is refused with a clear validation error.
func TestKeyFormat1Refused(t *testing.T) {
	v, _ := NewTestVault(t)
	rawExec(t, attacker(t, v), "UPDATE vault_meta SET key_format = 1")
	if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrValidation) {
		t.Fatalf("format-1 vault: %v, want ErrValidation", err)
	}
}
