package vault

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Format-1 subkey purposes (HKDF info strings, salt = vault id, from the
// master key), as the code before key format 2 derived them.
const (
	purposeV1KeyWrap      = "custodia/v1/patient-key-wrap"
	purposeV1AuditMAC     = "custodia/v1/audit-mac"
	purposeV1VaultFields  = "custodia/v1/consent-fields"
	actionUpgrade         = "vault.upgrade"
	upgradeDetailEntries  = "v1_entries="
	upgradeDetailChecksum = "v1_sha256="
)

// v1Keys are the keys of a format-1 vault, derived from its master key.
type v1Keys struct {
	vaultID string
	wrap    []byte // wraps patient, subject and retention keys
	audit   []byte // HMAC key of the audit chain
	fields  []byte // the vault-level key (breaches, practice, anonymised remains)
}

func deriveV1Keys(master []byte, vaultID string) (*v1Keys, error) {
	k := &v1Keys{vaultID: vaultID}
	for _, d := range []struct {
		dst     *[]byte
		purpose string
	}{{&k.wrap, purposeV1KeyWrap}, {&k.audit, purposeV1AuditMAC}, {&k.fields, purposeV1VaultFields}} {
		sub, err := subkey(master, vaultID, d.purpose)
		if err != nil {
			k.wipe()
			return nil, err
		}
		*d.dst = sub
	}
	return k, nil
}

func (k *v1Keys) wipe() {
	for _, b := range [][]byte{k.wrap, k.audit, k.fields} {
		clear(b)
	}
}

// unwrap opens a key wrapped under the v1 wrap key (same associated data
// as format 2).
func (k *v1Keys) unwrap(wrapped []byte, table, id string) ([]byte, error) {
	key, err := open(k.wrap, wrapped, associatedData(k.vaultID, table, "wrapped_key", id))
	if err != nil {
		return nil, fmt.Errorf("%w: format-1 %s of %s", ErrIntegrity, table, id)
	}
	return key, nil
}

// openV1 opens a v1 value: sealed directly under key, padded.
func openV1(key, ct, ad []byte, what string) ([]byte, error) {
	pt, err := open(key, ct, ad)
	if err == nil {
		pt, err = unpad(pt)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: format-1 %s", ErrIntegrity, what)
	}
	return pt, nil
}

// upgrader re-seals a format-1 vault inside one transaction.
type upgrader struct {
	v       *Vault
	tx      *txn
	old     *v1Keys
	new     *keys
	admin   User
	authPub ed25519.PublicKey
	oldKeys map[string][]byte // kind + "\x00" + subject → v1 key
	newKeys map[string][]byte // kind + "\x00" + subject → format-2 base key
	rep     UpgradeReport
}

func (u *upgrader) wipe() {
	for _, m := range []map[string][]byte{u.oldKeys, u.newKeys} {
		for _, k := range m {
			clear(k)
		}
	}
}

func (u *upgrader) run(admin newID) error {
	u.oldKeys, u.newKeys = map[string][]byte{}, map[string][]byte{}
	var f int
	if err := u.tx.QueryRow("SELECT key_format FROM vault_meta WHERE id = 1").Scan(&f); err != nil {
		return fmt.Errorf("vault: read key format: %w", err)
	}
	if f != 1 {
		return errUpgradedMeanwhile
	}
	n, digest, last, err := verifyV1Audit(u.tx, u.old.audit)
	if err != nil {
		return err
	}
	u.rep.AuditEntries = n
	if _, err := u.tx.Exec("UPDATE vault_meta SET key_format = ?, authority_pub = ?, key_generation = 1 WHERE id = 1", keyFormat, []byte(u.authPub)); err != nil {
		return fmt.Errorf("vault: upgrade: %w", err)
	}
	if err := u.users(admin); err != nil {
		return err
	}
	for _, step := range []func() error{u.patients, u.wrappedKeys, u.secrets, u.history, u.erased, u.vaultSealed} {
		if err := step(); err != nil {
			return err
		}
	}
	// The v1 chain ends at its newest entry; the upgrade entry continues
	// from it, signed by the administrator (the v1 head row carries a MAC,
	// not a signature, so the usual head check does not apply here).
	u.tx.head = &last
	detail := fmt.Sprintf("%s%d %s%s patients=%d sealed=%d need_passphrase=%d recovery_code=needed",
		upgradeDetailEntries, n, upgradeDetailChecksum, hex.EncodeToString(digest), u.rep.Patients, u.rep.Sealed, len(u.rep.NeedPassphrase))
	return u.v.audit(u.tx, u.new, u.admin.ID, actionUpgrade, "vault:"+u.v.vaultID, outcomeOK, detail)
}

// users gives the administrator a format-2 identity and signs every other
// user's record as it stands, without keys: their v1 slots and the
// recovery slot are deleted.
func (u *upgrader) users(admin newID) error {
	auth, err := u.new.authorityKey()
	if err != nil {
		return err
	}
	ids, err := queryIDs(u.tx, "users", "SELECT id FROM users ORDER BY name")
	if err != nil {
		return err
	}
	for _, id := range ids {
		rec, err := findUserRecord(u.tx, "id", id)
		if err != nil {
			return err
		}
		if id == u.admin.ID {
			if rec.signKey, err = pinSigningKey(u.tx, id, admin.signPub, auth, u.v.now()); err != nil {
				return err
			}
			rec.boxPub = admin.boxPub
			if err := storeUserRecord(u.tx, rec, auth); err != nil {
				return err
			}
			if err := writeGrant(u.tx, u.new, id, rec.Role, admin.boxPub); err != nil {
				return err
			}
			if err := u.v.storeSlot(u.tx, admin.slot); err != nil {
				return err
			}
			continue
		}
		rec.boxPub, rec.signKey = nil, ""
		if err := storeUserRecord(u.tx, rec, auth); err != nil {
			return err
		}
		if _, err := u.tx.Exec("DELETE FROM key_slots WHERE id = ?", id); err != nil {
			return fmt.Errorf("vault: upgrade: delete key slot of %s: %w", id, err)
		}
		if !rec.Disabled {
			u.rep.NeedPassphrase = append(u.rep.NeedPassphrase, rec.User)
		}
	}
	if _, err := u.tx.Exec("DELETE FROM key_slots WHERE kind = 'recovery'"); err != nil {
		return fmt.Errorf("vault: upgrade: delete recovery slot: %w", err)
	}
	return nil
}

// patients re-seals every patient under a new data key, with the row
// versions format 2 binds (the clinical columns as sealed at the row's
// version), and rebuilds the blind indexes.
func (u *upgrader) patients() error {
	ids, err := queryIDs(u.tx, "upgrade", "SELECT id FROM patients ORDER BY seq")
	if err != nil {
		return err
	}
	for _, q := range []string{"DELETE FROM patient_index", "DELETE FROM patient_mrn"} {
		if _, err := u.tx.Exec(q); err != nil {
			return fmt.Errorf("vault: upgrade: %w", err)
		}
	}
	for _, id := range ids {
		if err := u.patient(id); err != nil {
			return err
		}
	}
	u.rep.Patients = len(ids)
	return nil
}

func (u *upgrader) patient(id string) error {
	var wrapped []byte
	if err := u.tx.QueryRow(qReadKey, id).Scan(&wrapped); err != nil {
		return fmt.Errorf("%w: patient %s has no data key", ErrIntegrity, id)
	}
	oldDK, err := u.old.unwrap(wrapped, "patient_keys", id)
	if err != nil {
		return err
	}
	u.oldKeys[keyPatient+"\x00"+id] = oldDK
	p, err := u.loadV1Patient(id, oldDK)
	if err != nil {
		return err
	}
	if p.Version < 1 {
		return fmt.Errorf("%w: patient %s has version %d", ErrIntegrity, id, p.Version)
	}
	dk := randomBytes(keyLen)
	u.newKeys[keyPatient+"\x00"+id] = dk
	row, err := u.new.sealRow(dk, p, rowVersion{version: p.Version, clinical: p.Version}, true, freshRowNonces())
	if err != nil {
		return err
	}
	args := append(append([]any{p.Version}, row.values()...), id)
	if _, err := u.tx.Exec("UPDATE patients SET clinical_version = ?, "+row.assignments()+" WHERE id = ?", args...); err != nil {
		return fmt.Errorf("vault: upgrade patient %s: %w", id, err)
	}
	nw, err := seal(u.new.wrap, dk, u.new.keyAD(id))
	if err != nil {
		return err
	}
	if _, err := u.tx.Exec("UPDATE patient_keys SET wrapped_key = ? WHERE patient_id = ?", nw, id); err != nil {
		return fmt.Errorf("vault: upgrade patient %s: %w", id, err)
	}
	return insertIndex(u.tx, u.new, p)
}

// loadV1Patient reads a patient with the v1 rules: every column sealed
// directly under the data key, bound to (patients, column, patient id).
func (u *upgrader) loadV1Patient(id string, dk []byte) (Patient, error) {
	p := Patient{ID: id}
	cts := make([][]byte, len(patientColumns))
	var created, updated, clinical int64
	dest := []any{&p.Version, &p.Restricted, &created, &updated, &clinical}
	for i := range cts {
		dest = append(dest, &cts[i])
	}
	q := "SELECT version, restricted, created_at, updated_at, last_clinical_at, " + strings.Join(patientColumns, ", ") + " FROM patients WHERE id = ?"
	if err := u.tx.QueryRow(q, id).Scan(dest...); err != nil {
		return Patient{}, fmt.Errorf("vault: upgrade: read patient %s: %w", id, err)
	}
	p.CreatedAt, p.UpdatedAt = time.Unix(0, created).UTC(), time.Unix(0, updated).UTC()
	p.LastClinicalAt = timeOrZero(clinical)
	for i, c := range patientColumns {
		pt, err := openV1(dk, cts[i], associatedData(u.old.vaultID, "patients", c, id), "patient "+id+" column "+c)
		if err != nil {
			return Patient{}, err
		}
		if err := p.setValue(c, string(pt)); err != nil {
			return Patient{}, err
		}
		clear(pt)
	}
	return p, nil
}

// wrappedKeys re-wraps the subject and retention keys (their values stay).
func (u *upgrader) wrappedKeys() error {
	for _, t := range []struct{ table, column, kind string }{
		{"subject_keys", "subject_id", keySubject}, {"retention_keys", "patient_id", keyRetention},
	} {
		ids, err := queryIDs(u.tx, "upgrade", "SELECT "+t.column+" FROM "+t.table)
		if err != nil {
			return err
		}
		for _, id := range ids {
			var wrapped []byte
			if err := u.tx.QueryRow("SELECT wrapped_key FROM "+t.table+" WHERE "+t.column+" = ?", id).Scan(&wrapped); err != nil {
				return fmt.Errorf("vault: upgrade: read %s of %s: %w", t.table, id, err)
			}
			key, err := u.old.unwrap(wrapped, t.table, id)
			if err != nil {
				return err
			}
			u.oldKeys[t.kind+"\x00"+id] = key
			u.newKeys[t.kind+"\x00"+id] = append([]byte(nil), key...)
			nw, err := seal(u.new.wrap, key, associatedData(u.new.vaultID, t.table, "wrapped_key", id))
			if err != nil {
				return err
			}
			if _, err := u.tx.Exec("UPDATE "+t.table+" SET wrapped_key = ? WHERE "+t.column+" = ?", nw, id); err != nil {
				return fmt.Errorf("vault: upgrade %s: %w", t.table, err)
			}
		}
	}
	return nil
}

// bases returns the v1 key and the format-2 base key of a row's key kind;
// errShredded when the key was destroyed.
func (u *upgrader) bases(kind, subject string) (old, new []byte, err error) {
	if kind == keyVault {
		new, err = u.new.vaultFieldKey()
		return u.old.fields, new, err
	}
	old, ok := u.oldKeys[kind+"\x00"+subject]
	if !ok {
		if kind == keyPatient || kind == keySubject || kind == keyRetention {
			return nil, nil, errShredded
		}
		return nil, nil, fmt.Errorf("%w: unknown key kind %q", ErrIntegrity, kind)
	}
	return old, append([]byte(nil), u.newKeys[kind+"\x00"+subject]...), nil
}

// each re-seals every row of query (key, subject, kind, field, ciphertext).
func (u *upgrader) each(query, update string, category func(sealedRow) string, ad func(sealedRow) []byte) error {
	r := rotation{tx: u.tx}
	rows, err := r.rows(query)
	if err != nil {
		return err
	}
	for _, row := range rows {
		oldBase, newBase, err := u.bases(row.kind, row.subject)
		if errors.Is(err, errShredded) {
			continue
		}
		if err != nil {
			return err
		}
		pt, err := openV1(oldBase, row.ct, ad(row), row.key)
		if err != nil {
			clear(newBase)
			return err
		}
		ct, err := u.new.sealFor(category(row), newBase, pt, ad(row))
		clear(pt)
		clear(newBase)
		if err != nil {
			return err
		}
		if _, err := u.tx.Exec(update, ct, row.key, row.field); err != nil {
			return fmt.Errorf("vault: upgrade %s: %w", row.key, err)
		}
		u.rep.Sealed++
	}
	return nil
}

func (u *upgrader) secrets() error {
	return u.each("SELECT owner, subject_id, key_kind, '', ciphertext FROM subject_secrets",
		"UPDATE subject_secrets SET ciphertext = ? WHERE owner = ? AND ? = ''",
		func(sealedRow) string { return catRequests },
		func(s sealedRow) []byte { return u.new.secretAD("subject_secrets", s.key, s.subject) })
}

func (u *upgrader) history() error {
	return u.each("SELECT id, patient_id, key_kind, field, old_value FROM patient_history",
		"UPDATE patient_history SET old_value = ? WHERE id = ? AND field = ?",
		func(s sealedRow) string { return columnCategory(s.field) },
		func(s sealedRow) []byte { return u.new.historyAD(s.key, s.subject) })
}

func (u *upgrader) erased() error {
	return u.each("SELECT patient_id, patient_id, CASE action WHEN 'keep' THEN 'retention' ELSE 'vault' END, field, ciphertext FROM erased_fields",
		"UPDATE erased_fields SET ciphertext = ? WHERE patient_id = ? AND field = ?",
		func(s sealedRow) string { return columnCategory(s.field) },
		func(s sealedRow) []byte { return u.new.erasedAD(s.subject, s.field) })
}

// vaultSealed re-seals the breach log (governance) and the practice
// details (common), which format 1 sealed under its one vault-level key.
func (u *upgrader) vaultSealed() error {
	r := rotation{tx: u.tx}
	for _, t := range []struct{ category, table, query, update string }{
		{catGovernance, "breaches", "SELECT id, '', '', '', secret FROM breaches", "UPDATE breaches SET secret = ? WHERE id = ?"},
		{catCommon, "practice", "SELECT '1', '', '', '', ciphertext FROM practice", "UPDATE practice SET ciphertext = ? WHERE id = 1 AND ? = '1'"},
	} {
		rows, err := r.rows(t.query)
		if err != nil {
			return err
		}
		for _, row := range rows {
			pt, err := openV1(u.old.fields, row.ct, associatedData(u.old.vaultID, t.table, "secret", row.key), t.table+" "+row.key)
			if err != nil {
				return err
			}
			if !json.Valid(pt) {
				return fmt.Errorf("%w: format-1 %s %s does not decode", ErrIntegrity, t.table, row.key)
			}
			ct, err := u.new.sealVault(t.category, t.table, row.key, json.RawMessage(pt))
			if err != nil {
				return err
			}
			if _, err := u.tx.Exec(t.update, ct, row.key); err != nil {
				return fmt.Errorf("vault: upgrade %s: %w", t.table, err)
			}
			u.rep.Sealed++
		}
	}
	return nil
}
