package vault

import (
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

// The tests in this file replay issue 8's insider attacks on the FILE: a
// plain SQLite connection, one staff member's passphrase and the formats of
// docs/design.md, as a hundred-line program would.

const (
	researchPass = "research-passphrase"
	deskPass     = "desk-passphrase-1"
	clinPass     = "clinician-passphrase"
)

// staffVault is a vault with patients, a researcher, a front-desk user and
// a clinician.
func staffVault(t *testing.T) (*Vault, *Session, []Patient) {
	t.Helper()
	v, admin := NewTestVault(t)
	r := rand.New(rand.NewPCG(81, 81))
	var ps []Patient
	for i := range 6 {
		ps = append(ps, mustAdd(t, admin, fakePatient(r, i)))
	}
	for _, u := range []struct {
		name string
		role Role
		pass string
	}{{"research", RoleResearcher, researchPass}, {"desk", RoleFrontDesk, deskPass}, {"clin", RoleClinician, clinPass}} {
		if _, err := admin.AddUser(u.name, u.role, []byte(u.pass)); err != nil {
			t.Fatal(err)
		}
	}
	return v, admin, ps
}

// fileCopy copies the vault file as it is now (checkpointed) to a new path.
func fileCopy(t *testing.T, v *Vault) string {
	t.Helper()
	if err := checkpoint(v.db); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "copy.vault")
	copyFile(t, v.Path(), p)
	return p
}

func rawOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fileKeys is what a passphrase opens in a file, following design.md: the
// slot (Argon2id, XChaCha20-Poly1305), then the grant sealed to the slot's
// X25519 key. nil when the user has no slot.
func fileKeys(t *testing.T, db *sql.DB, user, pass string) (*bundle, *slotContent) {
	t.Helper()
	var vaultID, uid string
	if err := db.QueryRow("SELECT vault_id FROM vault_meta").Scan(&vaultID); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT id FROM users WHERE name = ?", user).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	sl := slot{kind: "passphrase", userID: uid}
	err := db.QueryRow("SELECT id, kdf_time, kdf_memory_kib, kdf_threads, salt, wrapped_key FROM key_slots WHERE user_id = ?", uid).
		Scan(&sl.id, &sl.params.Time, &sl.params.MemoryKiB, &sl.params.Threads, &sl.salt, &sl.wrapped)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	kek := argon2.IDKey([]byte(pass), sl.salt, sl.params.Time, sl.params.MemoryKiB, sl.params.Threads, keyLen)
	pt, err := open(kek, sl.wrapped, sl.ad(vaultID))
	if err != nil {
		t.Fatalf("%s: slot does not open with the passphrase: %v", user, err)
	}
	c, err := decodeSlotContent(pt)
	if err != nil {
		t.Fatal(err)
	}
	g := grant{id: sl.id}
	var role string
	if err := db.QueryRow("SELECT role, generation, box_pub, eph_pub, ciphertext, sig FROM key_grants WHERE id = ?", sl.id).
		Scan(&role, &g.generation, &g.boxPub, &g.ephPub, &g.ct, &g.sig); err != nil {
		t.Fatal(err)
	}
	g.role = Role(role)
	b, err := openGrant(vaultID, g, c.boxPriv, c.authority)
	if err != nil {
		t.Fatal(err)
	}
	return &b, &c
}

// candidateKeys is every key the attacker holds and every subkey they could
// derive from one with any purpose the vault uses.
func candidateKeys(vaultID string, b *bundle, c *slotContent) [][]byte {
	if b == nil {
		return nil
	}
	base := [][]byte{c.boxPriv, c.signSeed}
	for _, k := range b.cat {
		base = append(base, k)
	}
	out := append([][]byte(nil), base...)
	purposes := []string{purposePatientKeyWrap, purposeIndexName, purposeIndexDOB, purposeIndexMRN}
	for _, cat := range keyCategories {
		purposes = append(purposes, "custodia/v2/vault-fields/"+cat)
	}
	for _, k := range base {
		for _, p := range purposes {
			sub, _ := subkey(k, vaultID, p)
			out = append(out, sub)
		}
	}
	return out
}

// fileOpens counts the patient fields of the file that the keys open: the
// data key unwrapped with any candidate, then the field key of each category
// the attacker holds (or any candidate directly).
func fileOpens(t *testing.T, db *sql.DB, b *bundle, c *slotContent) (identity, clinical int) {
	t.Helper()
	var vaultID string
	if err := db.QueryRow("SELECT vault_id FROM vault_meta").Scan(&vaultID); err != nil {
		t.Fatal(err)
	}
	cands := candidateKeys(vaultID, b, c)
	k := &keys{vaultID: vaultID, cat: map[string][]byte{}}
	if b != nil {
		k.cat = b.cat
	}
	rows, err := db.Query("SELECT p.id, p.version, p.clinical_version, k.wrapped_key, p.identity, p.diagnosis FROM patients p JOIN patient_keys k ON k.patient_id = p.id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var rv rowVersion
		var wrapped, given, diag []byte
		if err := rows.Scan(&id, &rv.version, &rv.clinical, &wrapped, &given, &diag); err != nil {
			t.Fatal(err)
		}
		for _, key := range cands {
			if _, err := open(key, given, k.patientRecordAD(nil, id, "identity", rv)); err == nil {
				t.Fatalf("a raw key opens the identity record of patient %s", id)
			}
			if _, err := open(key, diag, k.fieldAD(id, "diagnosis", rv)); err == nil {
				t.Fatalf("a raw key opens the diagnosis of patient %s", id)
			}
			dk, err := open(key, wrapped, k.keyAD(id))
			if err != nil {
				continue
			}
			if _, err := k.openFor(catIdentity, dk, given, k.patientRecordAD(nil, id, "identity", rv)); err == nil {
				identity++
			}
			if _, err := k.openFor(catClinical, dk, diag, k.fieldAD(id, "diagnosis", rv)); err == nil {
				clinical++
			}
		}
	}
	return identity, clinical
}

// TestInsiderDisabledResearcherOpensNoPatientField: neither a copy made
// while the researcher was enabled nor the file after disabling yields a
// single patient field to the researcher's passphrase. The same program
// with the front desk's and the administrator's passphrases shows it works.
func TestInsiderDisabledResearcherOpensNoPatientField(t *testing.T) {
	v, admin, ps := staffVault(t)
	before := fileCopy(t, v)
	if err := admin.DisableUser("research"); err != nil {
		t.Fatal(err)
	}
	after := fileCopy(t, v)
	for name, path := range map[string]string{"copy before disabling": before, "file after disabling": after} {
		db := rawOpen(t, path)
		b, c := fileKeys(t, db, "research", researchPass)
		if path == after && b != nil {
			t.Fatalf("%s: the disabled researcher still has a key slot", name)
		}
		if b != nil && len(b.cat) != 2 {
			t.Errorf("%s: researcher grant holds %d keys, want 2 (research, common)", name, len(b.cat))
		}
		if id, cl := fileOpens(t, db, b, c); id+cl != 0 {
			t.Fatalf("%s: researcher's passphrase opened %d identity and %d clinical fields", name, id, cl)
		}
	}
	db := rawOpen(t, after)
	b, c := fileKeys(t, db, "desk", deskPass)
	if id, cl := fileOpens(t, db, b, c); id != len(ps) || cl != 0 {
		t.Fatalf("front desk opens %d identity and %d clinical fields, want %d and 0", id, cl, len(ps))
	}
	b, c = fileKeys(t, db, TestAdminName, TestAdminPassphrase)
	if id, cl := fileOpens(t, db, b, c); id != len(ps) || cl != len(ps) {
		t.Fatalf("administrator opens %d identity and %d clinical fields, want %d each (the attack program is broken)", id, cl, len(ps))
	}
}

// TestInsiderUsersTableEditIsIntegrityError: making oneself administrator
// or re-enabling an account with SQL gains nothing and is reported.
func TestInsiderUsersTableEditIsIntegrityError(t *testing.T) {
	v, admin, _ := staffVault(t)
	research, err := v.Unlock("research", []byte(researchPass))
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.DisableUser("desk"); err != nil {
		t.Fatal(err)
	}
	atk := attacker(t, v)
	rawExec(t, atk, "UPDATE users SET role = 'admin' WHERE name = 'research'")
	if _, err := v.Unlock("research", []byte(researchPass)); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("unlock after role edit: %v, want ErrIntegrity", err)
	}
	if _, err := research.CountPatients(); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("open session after role edit: %v, want ErrIntegrity", err)
	}
	if _, err := admin.ListUsers(); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("administrator listing users after role edit: %v, want ErrIntegrity", err)
	}
	rawExec(t, atk, "UPDATE users SET role = 'researcher' WHERE name = 'research'")
	if _, err := admin.ListUsers(); err != nil {
		t.Fatalf("after undoing the edit: %v", err)
	}

	rawExec(t, atk, "UPDATE users SET disabled = 0 WHERE name = 'desk'")
	rawExec(t, atk, "DELETE FROM unlock_backoff")
	if _, err := v.Unlock("desk", []byte(deskPass)); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("unlock after disabled-flag edit: %v, want ErrIntegrity", err)
	}
	if _, err := admin.ListUsers(); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("listing users after disabled-flag edit: %v, want ErrIntegrity", err)
	}
	rawExec(t, atk, "UPDATE users SET disabled = 1 WHERE name = 'desk'")

	// The researcher takes the administrator's grant row: sealed to the
	// administrator's key, it opens nothing for them.
	var rid, aid string
	atk.QueryRow("SELECT id FROM users WHERE name = 'research'").Scan(&rid)
	atk.QueryRow("SELECT id FROM users WHERE name = ?", TestAdminName).Scan(&aid)
	rawExec(t, atk, "DELETE FROM key_grants WHERE id = ?", rid)
	rawExec(t, atk, `INSERT INTO key_grants (id, role, generation, box_pub, eph_pub, ciphertext, sig)
		SELECT ?, 'researcher', generation, box_pub, eph_pub, ciphertext, sig FROM key_grants WHERE id = ?`, rid, aid)
	rawExec(t, atk, "DELETE FROM unlock_backoff")
	if _, err := v.Unlock("research", []byte(researchPass)); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("unlock with the administrator's grant: %v, want ErrIntegrity", err)
	}
}

// TestInsiderRechainFails: a clinician with the file deletes every entry
// about one patient and rebuilds the chain, signing with their own key (the
// only one their passphrase opens). Verification fails however they sign.
func TestInsiderRechainFails(t *testing.T) {
	for _, mode := range []string{"keep signers", "sign as clinician", "claim every entry"} {
		t.Run(mode, func(t *testing.T) {
			v, admin, ps := staffVault(t)
			clin, err := v.Unlock("clin", []byte(clinPass))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := clin.GetPatient(ps[2].ID); err != nil {
				t.Fatal(err)
			}
			if _, err := admin.GetPatient(ps[3].ID); err != nil {
				t.Fatal(err)
			}
			atk := attacker(t, v)
			_, c := fileKeys(t, atk, "clin", clinPass)
			sign := ed25519.NewKeyFromSeed(c.signSeed)
			rechain(t, atk, "patient:"+ps[2].ID, sign, clin.User().ID, mode)
			if _, err := admin.VerifyAudit(); !errors.Is(err, ErrAuditBroken) {
				t.Fatalf("re-chained trail: VerifyAudit = %v, want ErrAuditBroken", err)
			}
		})
	}
}

// rechain deletes the entries about object and rebuilds seq, hashes,
// signatures, the head and the clinician's own newest-entry row.
func rechain(t *testing.T, db *sql.DB, object string, sign ed25519.PrivateKey, userID, mode string) {
	t.Helper()
	own := signingKeyID(sign.Public().(ed25519.PublicKey))
	rawExec(t, db, "DROP TRIGGER audit_log_no_update")
	rawExec(t, db, "DROP TRIGGER audit_log_no_delete")
	rawExec(t, db, "DELETE FROM audit_log WHERE object = ?", object)
	rows, err := db.Query("SELECT seq, at, user_id, action, object, outcome, detail, signer FROM audit_log ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		e      AuditEntry
		old    int64
		signer string
	}
	var all []row
	for rows.Next() {
		var r row
		var at int64
		rows.Scan(&r.old, &at, &r.e.UserID, &r.e.Action, &r.e.Object, &r.e.Outcome, &r.e.Detail, &r.signer)
		r.e.Time = timeOrZero(at)
		all = append(all, r)
	}
	rows.Close()
	rawExec(t, db, "DELETE FROM audit_log")
	prev := make([]byte, 32)
	var last row
	for i, r := range all {
		r.e.Seq = int64(i + 1)
		switch mode {
		case "sign as clinician":
			r.signer = own
		case "claim every entry":
			r.signer, r.e.UserID = own, userID
		}
		h := entryHash(prev, r.e, r.signer)
		rawExec(t, db, "INSERT INTO audit_log (seq, at, user_id, action, object, outcome, detail, mac, signer, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			r.e.Seq, r.e.Time.UnixNano(), r.e.UserID, r.e.Action, r.e.Object, r.e.Outcome, r.e.Detail, h, r.signer, ed25519.Sign(sign, entrySigned(h)))
		prev, last = h, r
	}
	at := last.e.Time.UnixNano()
	sig := ed25519.Sign(sign, entrySigned(prev))
	rawExec(t, db, "UPDATE audit_head SET seq = ?, mac = ?, head_mac = ?, signer = ?, at = ?", len(all), prev, sig, own, at)
	rawExec(t, db, "INSERT OR REPLACE INTO audit_signers (signer, seq, mac, at, sig) VALUES (?, ?, ?, ?, ?)", own, len(all), prev, at, sig)
}

// TestAnchorDetectsCutTailRollbackAndRechain: against an anchor file the
// whole-file rollback, a tail cut by an insider who re-signs the head with
// their own key, and a replaced pinned key are each reported.
func TestAnchorDetectsCutTailRollbackAndRechain(t *testing.T) {
	v, admin, ps := staffVault(t)
	old := fileCopy(t, v)
	if _, err := admin.GetPatient(ps[0].ID); err != nil {
		t.Fatal(err)
	}
	if at, _, err := admin.LastAnchor(); err != nil || !at.IsZero() {
		t.Fatalf("LastAnchor before any anchor: %v, %v", at, err)
	}
	a, err := admin.Anchor()
	if err != nil {
		t.Fatal(err)
	}
	if at, seq, err := admin.LastAnchor(); err != nil || at.IsZero() || seq != a.Seq {
		t.Fatalf("LastAnchor = %v, %d, %v; want entry %d", at, seq, err, a.Seq)
	}
	data, err := a.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	a, err = ParseAnchor(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.VerifyAnchor(a); err != nil {
		t.Fatalf("intact trail against its anchor: %v", err)
	}
	cut := fileCopy(t, v)
	db := rawOpen(t, cut)
	_, c := fileKeys(t, db, "desk", deskPass)
	cutTail(t, db, a.Seq-3, ed25519.NewKeyFromSeed(c.signSeed))
	db.Close()

	for name, path := range map[string]string{"rolled back": old, "tail cut": cut} {
		t.Run(name, func(t *testing.T) {
			weak := WeakKDFParams()
			v2, err := Open(path, Options{KDF: &weak})
			if err != nil {
				t.Fatal(err)
			}
			defer v2.Close()
			s2, err := v2.Unlock(TestAdminName, []byte(TestAdminPassphrase))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s2.VerifyAnchor(a); !errors.Is(err, ErrAuditBroken) {
				t.Fatalf("VerifyAnchor = %v, want ErrAuditBroken", err)
			}
			// On its own the rolled-back copy is self-consistent; the cut
			// file is not: the other signers' newest-entry records point
			// past the cut and the insider cannot re-sign them.
			_, err = s2.VerifyAudit()
			if got, want := errors.Is(err, ErrAuditBroken), name == "tail cut"; got != want {
				t.Fatalf("VerifyAudit alone = %v", err)
			}
		})
	}
	tampered := a
	tampered.Seq = 1
	if _, err := admin.VerifyAnchor(tampered); !errors.Is(err, ErrValidation) {
		t.Fatalf("anchor edited after signing: %v, want ErrValidation", err)
	}
}

// cutTail deletes the entries after seq and re-signs the head and the
// insider's own row with their key, as a front-desk user with the file can.
func cutTail(t *testing.T, db *sql.DB, seq int64, sign ed25519.PrivateKey) {
	t.Helper()
	own := signingKeyID(sign.Public().(ed25519.PublicKey))
	rawExec(t, db, "DROP TRIGGER audit_log_no_delete")
	rawExec(t, db, "DELETE FROM audit_log WHERE seq > ?", seq)
	var h []byte
	var at int64
	db.QueryRow("SELECT mac, at FROM audit_log WHERE seq = ?", seq).Scan(&h, &at)
	sig := ed25519.Sign(sign, entrySigned(h))
	rawExec(t, db, "UPDATE audit_head SET seq = ?, mac = ?, head_mac = ?, signer = ?, at = ?", seq, h, sig, own, at)
}

// TestOldCiphertextPutBackIsIntegrityError: after an update, a field's
// previous ciphertext copied back is refused; so is an old clinical
// ciphertext with the clinical version set back to match it.
func TestOldCiphertextPutBackIsIntegrityError(t *testing.T) {
	v, admin, ps := staffVault(t)
	atk := attacker(t, v)
	id := ps[1].ID
	oldGiven := readBlob(t, atk, "SELECT identity FROM patients WHERE id = ?", id)
	oldDiag := readBlob(t, atk, "SELECT diagnosis FROM patients WHERE id = ?", id)
	// The front desk edits the name: the clinical columns (and their
	// version) stay, only the row version tells the old name from the new.
	desk, err := v.Unlock("desk", []byte(deskPass))
	if err != nil {
		t.Fatal(err)
	}
	p, err := desk.GetPatient(id)
	if err != nil {
		t.Fatal(err)
	}
	p.GivenName = "Qorvexa"
	if p, err = desk.UpdatePatient(p); err != nil {
		t.Fatal(err)
	}
	newGiven := readBlob(t, atk, "SELECT identity FROM patients WHERE id = ?", id)
	rawExec(t, atk, "UPDATE patients SET identity = ? WHERE id = ?", oldGiven, id)
	wantIntegrity(t, admin, id, "old identity record (given name) put back")
	rawExec(t, atk, "UPDATE patients SET identity = ? WHERE id = ?", newGiven, id)
	if _, err := admin.GetPatient(id); err != nil {
		t.Fatalf("restored: %v", err)
	}
	p, err = admin.GetPatient(id)
	if err != nil {
		t.Fatal(err)
	}
	p.Diagnosis = "Z00.0"
	if _, err := admin.UpdatePatient(p); err != nil {
		t.Fatal(err)
	}
	rawExec(t, atk, "UPDATE patients SET diagnosis = ? WHERE id = ?", oldDiag, id)
	wantIntegrity(t, admin, id, "old diagnosis put back")
	rawExec(t, atk, "UPDATE patients SET clinical_version = 1 WHERE id = ?", id)
	wantIntegrity(t, admin, id, "old diagnosis with its clinical version")
}

// TestFrontDeskWritesWithoutClinicalKey: the front desk creates and edits
// patients without ever holding the clinical key; clinical data written by
// a clinician survives a front-desk edit.
func TestFrontDeskWritesWithoutClinicalKey(t *testing.T) {
	v, admin, ps := staffVault(t)
	desk, err := v.Unlock("desk", []byte(deskPass))
	if err != nil {
		t.Fatal(err)
	}
	if desk.k.cat[catClinical] != nil || desk.k.authSeed != nil {
		t.Fatal("front desk holds the clinical or the authority key")
	}
	p, err := desk.GetPatient(ps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	p.Phone = "+99 555 0000001"
	if _, err := desk.UpdatePatient(p); err != nil {
		t.Fatal(err)
	}
	got, err := admin.GetPatient(ps[0].ID)
	if err != nil || got.Diagnosis != ps[0].Diagnosis || got.Notes != ps[0].Notes || got.Phone != p.Phone {
		t.Fatalf("after a front-desk edit: %v, clinical kept %v", err, got.Diagnosis == ps[0].Diagnosis)
	}
	fresh := fakePatient(rand.New(rand.NewPCG(9, 9)), 99)
	fresh.Diagnosis, fresh.Notes = "", ""
	added, err := desk.AddPatient(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err = admin.GetPatient(added.ID)
	if err != nil || got.Diagnosis != "" {
		t.Fatalf("patient added by the front desk: %v", err)
	}
	got.Diagnosis = "Z11.1"
	if _, err := admin.UpdatePatient(got); err != nil {
		t.Fatal(err)
	}
	if got, err = admin.GetPatient(added.ID); err != nil || got.Diagnosis != "Z11.1" {
		t.Fatalf("clinical data added later: %v", err)
	}
	if res, err := desk.FindPatients(Query{Name: fresh.FamilyName}); err != nil || len(res) != 1 {
		t.Fatalf("front desk search: %v, %d results", err, len(res))
	}
}

// TestAuditTimeNeverGoesBackwards: a clock set back is clamped when
// writing, and an entry dated earlier than its predecessor fails
// verification even when its author re-signs it.
func TestAuditTimeNeverGoesBackwards(t *testing.T) {
	v, s := NewTestVault(t)
	base := v.now()
	clock := base
	v.now = func() time.Time { return clock }
	if _, err := s.CountPatients(); err != nil {
		t.Fatal(err)
	}
	clock = base.AddDate(-6, 0, 0)
	if _, err := s.ListUsers(); err != nil {
		t.Fatal(err)
	}
	es, err := s.AuditEntries(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(es); i++ {
		if es[i].Time.Before(es[i-1].Time) {
			t.Fatalf("entry %d goes back in time", es[i].Seq)
		}
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	// The author of the newest entry re-dates it and re-signs everything they may.
	atk := attacker(t, v)
	_, c := fileKeys(t, atk, TestAdminName, TestAdminPassphrase)
	sign := ed25519.NewKeyFromSeed(c.signSeed)
	var n int64
	atk.QueryRow("SELECT max(seq) FROM audit_log").Scan(&n)
	redate(t, atk, n, base.AddDate(-6, 0, 0).UnixNano(), sign)
	_, err = s.VerifyAudit()
	var ae *AuditError
	if !errors.As(err, &ae) || ae.Seq != n {
		t.Fatalf("back-dated entry: %v, want *AuditError at %d", err, n)
	}
}

func redate(t *testing.T, db *sql.DB, seq, at int64, sign ed25519.PrivateKey) {
	t.Helper()
	rawExec(t, db, "DROP TRIGGER audit_log_no_update")
	var e AuditEntry
	var signer string
	var prev []byte
	var ns int64
	db.QueryRow("SELECT seq, at, user_id, action, object, outcome, detail, signer FROM audit_log WHERE seq = ?", seq).
		Scan(&e.Seq, &ns, &e.UserID, &e.Action, &e.Object, &e.Outcome, &e.Detail, &signer)
	db.QueryRow("SELECT mac FROM audit_log WHERE seq = ?", seq-1).Scan(&prev)
	e.Time = timeOrZero(at)
	h := entryHash(prev, e, signer)
	rawExec(t, db, "UPDATE audit_log SET at = ?, mac = ?, sig = ? WHERE seq = ?", at, h, ed25519.Sign(sign, entrySigned(h)), seq)
	sig := ed25519.Sign(sign, entrySigned(h))
	rawExec(t, db, "UPDATE audit_head SET mac = ?, head_mac = ?, at = ?", h, sig, at)
	rawExec(t, db, "UPDATE audit_signers SET mac = ?, sig = ?, at = ? WHERE signer = ?", h, sig, at, signer)
}

// TestSearchAndListRecordShownPatients: the trail names every patient a
// list or search showed, compactly, and PatientsShown resolves it.
func TestSearchAndListRecordShownPatients(t *testing.T) {
	_, s, ps := staffVault(t)
	page, err := s.ListPatients(1, 4)
	if err != nil {
		t.Fatal(err)
	}
	found, err := s.FindPatients(Query{Name: ps[5].FamilyName})
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.AuditEntries(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]PatientSummary{"patient.list": page, "patient.search": found}
	for _, e := range es {
		exp, ok := want[e.Action]
		if !ok {
			continue
		}
		got, err := s.PatientsShown(e)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(shownIDs(exp)) {
			t.Errorf("%s (%s): shown %v, want %v", e.Action, e.Detail, got, shownIDs(exp))
		}
		delete(want, e.Action)
	}
	if len(want) != 0 {
		t.Fatalf("no audit entry for %v", want)
	}
	if got := seqRanges([]int64{7, 1, 2, 3, 5, 9, 8}); got != "1-3,5,7-9" {
		t.Fatalf("seqRanges = %q", got)
	}
}
