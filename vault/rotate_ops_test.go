package vault

import (
	"crypto/hmac"
	"database/sql"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

const legacySecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" // synthetic, for a legacy-format row

// plantLegacyTOTP stores a confirmed second factor for userID in the
// legacy format (sealed under the common key), as enrolments made before
// per-user sealing are.
func plantLegacyTOTP(t *testing.T, v *Vault, k *keys, userID string) {
	t.Helper()
	sealed, err := sealLegacyTOTP(k.opsKey(), k.vaultID, userID, totpSecret{Secret: legacySecret}, true)
	must(t, err)
	must(t, v.inTx(func(tx *txn) error {
		_, err := tx.Exec("INSERT INTO user_totp (user_id, sealed, confirmed, updated_at) VALUES (?, ?, 1, 0)", userID, sealed)
		return err
	}))
}

// unlockCode unlocks with the current code of secret, a period later than
// the last code used.
func unlockCode(t *testing.T, v *Vault, c *clock, name, pass, secret string) *Session {
	t.Helper()
	c.advance(totpPeriod * time.Second)
	code, err := TOTPCode(secret, c.now())
	must(t, err)
	s, err := v.UnlockWithCode(name, []byte(pass), code)
	if err != nil {
		t.Fatalf("unlock %s with its code: %v", name, err)
	}
	return s
}

// TestRotateOpsRecords: the second factors (per-user and legacy), the
// practice settings and the erasure journal's key survive a rotation, and
// the keys of the old generation open none of them in the rotated file.
func TestRotateOpsRecords(t *testing.T) {
	v, c, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	e := enrol(t, admin, c)
	const dpoPass = "dpo-passphrase-1"
	dpo, err := admin.AddUser("dpo", RoleDPO, []byte(dpoPass))
	must(t, err)
	plantLegacyTOTP(t, v, admin.k, dpo.ID)
	must(t, admin.SetRequireTOTP(true))
	r := rand.New(rand.NewPCG(5, 5))
	gone, keep := mustAdd(t, admin, fakePatient(r, 1)), mustAdd(t, admin, fakePatient(r, 2))
	must(t, admin.DeletePatient(gone.ID))
	old := fileCopy(t, v)

	rep, err := admin.Rotate()
	must(t, err)
	rotated := fileCopy(t, v)
	admin = unlockCode(t, v, c, TestAdminName, TestAdminPassphrase, e.Secret)
	if on, err := admin.RequireTOTP(); err != nil || !on {
		t.Fatalf("setting after rotation: %v, %v", on, err)
	}
	unlockCode(t, v, c, "dpo", dpoPass, legacySecret) // legacy row re-sealed, then converted
	must(t, admin.DeletePatient(keep.ID))
	js, err := admin.ErasureJournal()
	if err != nil || len(js) != 2 || js[0].PatientID != gone.ID || js[1].PatientID != keep.ID {
		t.Fatalf("journal after rotation: %d entries, %v", len(js), err)
	}
	j, err := ReadJournalFile(JournalPath(v.Path()))
	must(t, err)
	if es, err := verifyJournal(j.Lines, v.vaultID, j.PublicKey); err != nil || len(es) != 2 {
		t.Fatalf("journal file: %d entries, %v", len(es), err)
	}
	// The old generation's common key (from the pre-rotation copy) opens
	// all three records of the copy and none of the rotated file.
	b, _ := fileKeys(t, rawOpen(t, old), TestAdminName, TestAdminPassphrase)
	oldCommon := b.cat[catCommon]
	if n := opsOpened(t, rawOpen(t, old), v.vaultID, oldCommon, dpo.ID); n != 3 {
		t.Fatalf("old keys open %d of the 3 records of the old copy", n)
	}
	if n := opsOpened(t, rawOpen(t, rotated), v.vaultID, oldCommon, dpo.ID); n != 0 {
		t.Fatalf("old keys open %d of the 3 rotated records", n)
	}

	if rep.Sealed < 3 { // the setting, the journal key, the legacy row at least
		t.Fatalf("report %+v", rep)
	}
}

// opsOpened counts which of the setting MAC, the journal key and userID's
// legacy second factor the common key opens in db.
func opsOpened(t *testing.T, db *sql.DB, vaultID string, common []byte, userID string) int {
	t.Helper()
	n := 0
	var value string
	var m []byte
	must(t, db.QueryRow("SELECT value, mac FROM vault_settings WHERE name = ?", SettingRequireTOTP).Scan(&value, &m))
	if want, _ := settingMAC(common, vaultID, SettingRequireTOTP, value); hmac.Equal(want, m) {
		n++
	}
	k := &keys{vaultID: vaultID, cat: map[string][]byte{catCommon: common}}
	if seed, err := openJournalSeed(db, k); err == nil {
		clear(seed)
		n++
	}
	row, ok, err := readTOTP(db, userID)
	if err != nil || !ok {
		t.Fatalf("second factor of %s: %v", userID, err)
	}
	if _, err := openLegacyTOTP(common, vaultID, userID, row); err == nil {
		n++
	} else if !errors.Is(err, ErrIntegrity) {
		t.Fatal(err)
	}
	return n
}
