package vault

import (
	"bytes"
	"database/sql"
	"testing"
)

// TestTOTPSealedToOwnKey works on the file, with design.md's formats: the
// second factor of the front desk opens with the front desk's own keys and
// with no key (or subkey of any purpose the vault uses) that another
// user's passphrase opens, the administrator's included.
func TestTOTPSealedToOwnKey(t *testing.T) {
	v, c, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	const deskPass = "desk-passphrase-1"
	desk, err := admin.AddUser("desk", RoleFrontDesk, []byte(deskPass))
	must(t, err)
	ds, err := v.Unlock("desk", []byte(deskPass))
	must(t, err)
	e := enrol(t, ds, c)
	must(t, checkpoint(v.db))
	db := rawOpen(t, v.Path())

	own, _ := totpOpeners(t, db, v.vaultID, "desk", deskPass, desk.ID)
	if own != 1 {
		t.Fatalf("the front desk's own keys open its second factor %d times, want 1", own)
	}
	if n, secret := totpOpeners(t, db, v.vaultID, TestAdminName, TestAdminPassphrase, desk.ID); n != 0 || secret {
		t.Fatalf("the administrator's keys open the front desk's second factor (%d ways)", n)
	}

	// The administrator still sees that it is enrolled (not the codes) and
	// can remove it.
	st, err := admin.TOTPStatus("desk")
	if err != nil || !st.Enrolled || st.BackupCodesLeft != -1 {
		t.Fatalf("status for the administrator: %+v, %v", st, err)
	}
	if mine, err := ds.TOTPStatus("desk"); err != nil || mine.BackupCodesLeft != backupCodeCount {
		t.Fatalf("own status: %+v, %v", mine, err)
	}
	unlockCode(t, v, c, "desk", deskPass, e.Secret)
	must(t, admin.DisableTOTP("desk"))
	if _, err := v.Unlock("desk", []byte(deskPass)); err != nil {
		t.Fatalf("unlock after the administrator removed the second factor: %v", err)
	}
}

// TestTOTPLegacyConverted: a second factor sealed under the common key
// (before per-user sealing) still works, and the user's first unlock with
// a code seals it to the user's own key, closed to other staff.
func TestTOTPLegacyConverted(t *testing.T) {
	v, c, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	const deskPass = "desk-passphrase-1"
	desk, err := admin.AddUser("desk", RoleFrontDesk, []byte(deskPass))
	must(t, err)
	plantLegacyTOTP(t, v, admin.k, desk.ID)
	must(t, checkpoint(v.db))
	if n, _ := totpOpeners(t, rawOpen(t, v.Path()), v.vaultID, TestAdminName, TestAdminPassphrase, desk.ID); n == 0 {
		t.Fatal("the planted legacy row does not open with the common key: the oracle is broken")
	}
	if _, err := v.Unlock("desk", []byte(deskPass)); err == nil {
		t.Fatal("legacy second factor not asked for")
	}
	unlockCode(t, v, c, "desk", deskPass, legacySecret)
	must(t, checkpoint(v.db))
	db := rawOpen(t, v.Path())
	if n, _ := totpOpeners(t, db, v.vaultID, TestAdminName, TestAdminPassphrase, desk.ID); n != 0 {
		t.Fatalf("after the user's unlock the administrator's keys still open the second factor (%d ways)", n)
	}
	if own, _ := totpOpeners(t, db, v.vaultID, "desk", deskPass, desk.ID); own != 1 {
		t.Fatalf("converted row: own keys open it %d times", own)
	}
	unlockCode(t, v, c, "desk", deskPass, legacySecret)

	// A passphrase reset gives new key pairs: the old row is dropped and
	// the user unlocks without a second factor (enrolling again).
	must(t, admin.ResetPassphrase("desk", []byte("desk-passphrase-2")))
	if _, err := v.Unlock("desk", []byte("desk-passphrase-2")); err != nil {
		t.Fatalf("unlock after a reset: %v", err)
	}
}

// totpOpeners opens userID's user_totp row with every key the passphrase
// of user opens in the file and every subkey of them for any purpose the
// vault uses (the second-factor purposes included), under both formats'
// associated data. It returns how many keys open it and whether the
// opened plaintext held a secret.
func totpOpeners(t *testing.T, db *sql.DB, vaultID, user, pass, userID string) (int, bool) {
	t.Helper()
	b, c := fileKeys(t, db, user, pass)
	row, ok, err := readTOTP(db, userID)
	if err != nil || !ok {
		t.Fatalf("second factor of %s: %v", userID, err)
	}
	cands := candidateKeys(vaultID, b, c)
	for _, base := range [][]byte{c.boxPriv, c.signSeed} {
		for _, p := range []string{purposeTOTP, purposeTOTPOwn} {
			sub, _ := subkey(base, vaultID, p)
			cands = append(cands, sub)
		}
	}
	for _, k := range b.cat {
		for _, p := range []string{purposeTOTP, purposeTOTPOwn} {
			sub, _ := subkey(k, vaultID, p)
			cands = append(cands, sub)
		}
	}
	n, secret := 0, false
	for _, key := range cands {
		for _, ct := range [][]byte{row.sealed, row.sealed[1:]} {
			for _, ad := range [][]byte{totpAD(vaultID, userID, row.confirmed), totpOwnAD(vaultID, userID, row.confirmed)} {
				if pt, err := open(key, ct, ad); err == nil {
					n++
					secret = secret || bytes.Contains(pt, []byte(`"secret"`))
				}
			}
		}
	}
	return n, secret
}
