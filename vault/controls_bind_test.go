package vault

import (
	"database/sql"
	"errors"
	"testing"
)

// settingRow is every stored column of one vault_settings row.
type settingRow struct {
	value string
	mac   []byte
	sig   []byte
	seq   int64
}

func readSettingRow(t *testing.T, db *sql.DB, name string) settingRow {
	t.Helper()
	var r settingRow
	if err := db.QueryRow("SELECT value, mac, sig, audit_seq FROM vault_settings WHERE name = ?", name).Scan(&r.value, &r.mac, &r.sig, &r.seq); err != nil {
		t.Fatal(err)
	}
	return r
}

func writeSettingRow(t *testing.T, db *sql.DB, name string, r settingRow) {
	t.Helper()
	rawExec(t, db, `INSERT INTO vault_settings (name, value, mac, updated_at, sig, audit_seq) VALUES (?, ?, ?, 0, ?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value, mac = excluded.mac, sig = excluded.sig, audit_seq = excluded.audit_seq`,
		name, r.value, r.mac, r.sig, r.seq)
}

// TestSettingFileEdits: the practice's "second factor required" setting,
// switched off by someone who can write the file, is an integrity error
// for every way of doing it: editing the value, deleting the row, forging
// a pre-signature row with a valid MAC under the common key (which every
// role holds), flipping the signature, or putting back the authority's
// own older "off" row.
func TestSettingFileEdits(t *testing.T) {
	v, _, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	must(t, admin.SetRequireTOTP(false))
	atk := attacker(t, v)
	off := readSettingRow(t, atk, SettingRequireTOTP)
	must(t, admin.SetRequireTOTP(true))
	on := readSettingRow(t, atk, SettingRequireTOTP)
	forgedMAC, err := settingMAC(admin.k.opsKey(), v.vaultID, SettingRequireTOTP, "off")
	must(t, err)
	edits := []struct {
		name string
		edit func()
	}{
		{"value edited", func() { rawExec(t, atk, "UPDATE vault_settings SET value = 'off'") }},
		{"row deleted", func() { rawExec(t, atk, "DELETE FROM vault_settings") }},
		{"unsigned row with a valid common-key MAC", func() {
			writeSettingRow(t, atk, SettingRequireTOTP, settingRow{value: "off", mac: forgedMAC})
		}},
		{"signature flipped", func() {
			writeSettingRow(t, atk, SettingRequireTOTP, settingRow{value: on.value, mac: on.mac, sig: flip(on.sig, 5), seq: on.seq})
		}},
		{"older signed row put back", func() { writeSettingRow(t, atk, SettingRequireTOTP, off) }},
		{"older row re-pointed at the newest entry", func() {
			writeSettingRow(t, atk, SettingRequireTOTP, settingRow{value: off.value, mac: off.mac, sig: off.sig, seq: on.seq})
		}},
	}
	for _, e := range edits {
		e.edit()
		if _, err := admin.RequireTOTP(); !errors.Is(err, ErrIntegrity) {
			t.Errorf("%s: RequireTOTP = %v, want ErrIntegrity", e.name, err)
		}
		rawExec(t, atk, "DELETE FROM unlock_backoff")
		if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrIntegrity) {
			t.Errorf("%s: administrator unlock = %v, want ErrIntegrity", e.name, err)
		}
		writeSettingRow(t, atk, SettingRequireTOTP, on)
	}
	if on, err := admin.RequireTOTP(); err != nil || !on {
		t.Fatalf("restored row: %v, %v", on, err)
	}
}

// TestSettingLegacyRow: a row stored before signatures (MAC only) is read
// while it agrees with the value its newest audit entry recorded, and the
// next change signs it.
func TestSettingLegacyRow(t *testing.T) {
	v, _, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	atk := attacker(t, v)
	m, err := settingMAC(admin.k.opsKey(), v.vaultID, SettingRequireTOTP, "on")
	must(t, err)
	writeSettingRow(t, atk, SettingRequireTOTP, settingRow{value: "on", mac: m})
	if on, err := admin.RequireTOTP(); err != nil || !on {
		t.Fatalf("legacy row without any audit entry: %v, %v", on, err)
	}
	must(t, admin.SetRequireTOTP(true))
	if r := readSettingRow(t, atk, SettingRequireTOTP); len(r.sig) == 0 || r.seq == 0 {
		t.Fatal("a change did not sign the row")
	}
	m, err = settingMAC(admin.k.opsKey(), v.vaultID, SettingRequireTOTP, "off")
	must(t, err)
	writeSettingRow(t, atk, SettingRequireTOTP, settingRow{value: "off", mac: m})
	if _, err := admin.RequireTOTP(); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("unsigned row disagreeing with the audit trail: %v, want ErrIntegrity", err)
	}
}

// totpFileRow is every stored column of one user_totp row.
type totpFileRow struct {
	sealed    []byte
	confirmed bool
	signer    string
	sig       []byte
	seq       int64
}

func readTOTPFileRow(t *testing.T, db *sql.DB, userID string) totpFileRow {
	t.Helper()
	var r totpFileRow
	if err := db.QueryRow("SELECT sealed, confirmed, signer, sig, audit_seq FROM user_totp WHERE user_id = ?", userID).
		Scan(&r.sealed, &r.confirmed, &r.signer, &r.sig, &r.seq); err != nil {
		t.Fatal(err)
	}
	return r
}

func writeTOTPFileRow(t *testing.T, db *sql.DB, userID string, r totpFileRow) {
	t.Helper()
	if r.sealed == nil {
		r.sealed = []byte{} // a removal's empty seal (NOT NULL)
	}
	rawExec(t, db, `INSERT INTO user_totp (user_id, sealed, confirmed, updated_at, signer, sig, audit_seq) VALUES (?, ?, ?, 0, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET sealed = excluded.sealed, confirmed = excluded.confirmed, signer = excluded.signer,
		sig = excluded.sig, audit_seq = excluded.audit_seq`, userID, r.sealed, r.confirmed, r.signer, r.sig, r.seq)
}

// TestTOTPFileEdits: a DPO's second factor cannot be taken away by writing
// the file. Deleting the row, putting back the pending row from before the
// confirmation, stripping or moving the signature, or copying another
// user's row are integrity errors at the DPO's unlock (never a session
// without the code); after an administrator removed the factor, putting
// the old row back or deleting the removal is one too.
func TestTOTPFileEdits(t *testing.T) {
	v, c, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	const dpoPass = "dpo-Passphrase-4711"
	dpoUser, err := admin.AddUser("dpo", RoleDPO, []byte(dpoPass))
	must(t, err)
	dpo, err := v.Unlock("dpo", []byte(dpoPass))
	must(t, err)
	atk := attacker(t, v)
	e, err := dpo.BeginTOTP()
	must(t, err)
	pending := readTOTPFileRow(t, atk, dpoUser.ID)
	code, _ := TOTPCode(e.Secret, c.now())
	must(t, dpo.ConfirmTOTP(code))
	confirmed := readTOTPFileRow(t, atk, dpoUser.ID)
	adminEnrol := enrol(t, admin, c)
	adminRow := readTOTPFileRow(t, atk, admin.User().ID)

	unlockDPO := func() error {
		rawExec(t, atk, "DELETE FROM unlock_backoff")
		_, err := v.Unlock("dpo", []byte(dpoPass))
		return err
	}
	if err := unlockDPO(); !errors.Is(err, ErrTOTPRequired) {
		t.Fatalf("untouched: %v, want ErrTOTPRequired", err)
	}
	edits := []struct {
		name string
		edit func()
	}{
		{"row deleted", func() { rawExec(t, atk, "DELETE FROM user_totp WHERE user_id = ?", dpoUser.ID) }},
		{"pending row put back", func() { writeTOTPFileRow(t, atk, dpoUser.ID, pending) }},
		{"pending row re-pointed", func() {
			p := pending
			p.seq = confirmed.seq
			writeTOTPFileRow(t, atk, dpoUser.ID, p)
		}},
		{"signature stripped", func() { rawExec(t, atk, "UPDATE user_totp SET sig = NULL, signer = '' WHERE user_id = ?", dpoUser.ID) }},
		{"signature flipped", func() {
			r := confirmed
			r.sig = flip(r.sig, 0)
			writeTOTPFileRow(t, atk, dpoUser.ID, r)
		}},
		{"signed by the authority claimed", func() {
			rawExec(t, atk, "UPDATE user_totp SET signer = ? WHERE user_id = ?", signerAuthority, dpoUser.ID)
		}},
		{"another user's row copied", func() { writeTOTPFileRow(t, atk, dpoUser.ID, adminRow) }},
	}
	for _, ed := range edits {
		ed.edit()
		if err := unlockDPO(); !errors.Is(err, ErrIntegrity) {
			t.Errorf("%s: unlock = %v, want ErrIntegrity", ed.name, err)
		}
		if _, err := admin.TOTPStatus("dpo"); !errors.Is(err, ErrIntegrity) {
			t.Errorf("%s: TOTPStatus = %v, want ErrIntegrity", ed.name, err)
		}
		writeTOTPFileRow(t, atk, dpoUser.ID, confirmed)
	}
	c.advance(accountRule.cap)
	unlockCode(t, v, c, "dpo", dpoPass, e.Secret)

	// An administrator removes it (lost phone): the DPO unlocks without a
	// code; the old row put back, or the removal deleted, is caught.
	must(t, admin.DisableTOTP("dpo"))
	if err := unlockDPO(); err != nil {
		t.Fatalf("after the administrator removed it: %v", err)
	}
	removed := readTOTPFileRow(t, atk, dpoUser.ID)
	for _, ed := range []struct {
		name string
		edit func()
	}{
		{"removed factor put back", func() { writeTOTPFileRow(t, atk, dpoUser.ID, confirmed) }},
		{"removal deleted", func() { rawExec(t, atk, "DELETE FROM user_totp WHERE user_id = ?", dpoUser.ID) }},
	} {
		ed.edit()
		if err := unlockDPO(); !errors.Is(err, ErrIntegrity) {
			t.Errorf("%s: unlock = %v, want ErrIntegrity", ed.name, err)
		}
		writeTOTPFileRow(t, atk, dpoUser.ID, removed)
	}
	// The administrator's own factor is untouched by all of this.
	unlockCode(t, v, c, TestAdminName, TestAdminPassphrase, adminEnrol.Secret)
}
