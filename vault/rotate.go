package vault

import (
	"encoding/json"
	"errors"
	"fmt"
)

// RotateReport says what Rotate re-keyed.
type RotateReport struct {
	Generation int64 // the new key generation
	Patients   int   // patients re-sealed under new data keys
	Sealed     int   // other sealed values re-sealed (history, consent and request secrets, erasure remains, breaches, practice, settings MACs, the journal key, legacy second factors)
	Grants     int   // key grants re-issued (enabled users and the recovery code)
}

// Rotate replaces every data key of the vault, for after a staff member
// leaves: new category keys (a new key generation), a new data key for
// every patient with every field re-sealed, new blind indexes, subject and
// retention keys re-wrapped with what they seal re-sealed, the vault-level
// fields re-sealed, and a new grant for every enabled user and the recovery
// code (sealed to their public keys: nobody needs to type a passphrase).
// Users' passphrases, key pairs and the authority stay. One transaction:
// all or nothing. Needs PermUserManage (an administrator or the recovery
// code). Other open sessions of the vault hold the old keys and must unlock
// again.
//
// What a copy of the file made before the rotation still opens, with the
// keys of that time, is exactly what it held then; the rotated file is
// closed to every key of the old generation, including keys a former staff
// member may have kept.
func (s *Session) Rotate() (RotateReport, error) {
	var rep RotateReport
	var nk *keys
	err := s.run(PermUserManage, "vault.rotate", "", func(tx *txn, k *keys) error {
		var err error
		if nk, err = k.rotated(); err != nil {
			return err
		}
		r := rotation{tx: tx, old: k, new: nk, dks: map[string][]byte{}}
		defer r.wipe()
		if err := r.run(&rep); err != nil {
			return err
		}
		rep.Generation = nk.generation
		return s.v.audit(tx, nk, s.User().ID, "vault.rotate", "", outcomeOK,
			fmt.Sprintf("generation=%d patients=%d sealed=%d grants=%d", rep.Generation, rep.Patients, rep.Sealed, rep.Grants))
	})
	if err != nil {
		if nk != nil {
			nk.wipe()
		}
		return RotateReport{}, err
	}
	s.mu.Lock()
	if s.k != nil {
		s.k.wipe()
	}
	s.k = nk
	s.mu.Unlock()
	if err := checkpoint(s.v.db); err != nil {
		return rep, err
	}
	return rep, nil
}

// rotated is k with fresh category keys of the next generation (same
// identity and authority).
func (k *keys) rotated() (*keys, error) {
	auth := k.authSeed
	if auth == nil {
		return nil, errNoKey("authority")
	}
	cats := newCategoryKeys()
	// The research key is carried over: study keys derive from it and a
	// study's pseudonyms must stay the same across rotations (researchers
	// hold their study keys anyway; no patient field depends on it).
	if rk := k.cat[catResearch]; rk != nil {
		copy(cats[catResearch], rk)
	}
	c := slotContent{boxPriv: k.boxPriv, signSeed: k.sign.Seed(), authority: k.authority}
	nk, err := deriveKeys(bundle{cat: cats, authority: auth}, c, k.vaultID, k.generation+1)
	for _, key := range cats {
		clear(key)
	}
	return nk, err
}

type rotation struct {
	tx       *txn
	old, new *keys
	dks      map[string][]byte // patient id → new data key
}

func (r *rotation) wipe() {
	for _, dk := range r.dks {
		clear(dk)
	}
}

func (r *rotation) run(rep *RotateReport) error {
	ids, err := queryIDs(r.tx, "rotate", "SELECT id FROM patients ORDER BY seq")
	if err != nil {
		return err
	}
	for _, id := range ids {
		r.dks[id] = randomBytes(keyLen)
	}
	steps := []func() (int, error){r.secrets, r.history, r.erased, r.clinicalRows}
	for _, step := range steps {
		n, err := step()
		if err != nil {
			return err
		}
		rep.Sealed += n
	}
	for _, table := range [][2]string{{"subject_keys", "subject_id"}, {"retention_keys", "patient_id"}} {
		if err := r.rewrap(table[0], table[1]); err != nil {
			return err
		}
	}
	if _, err := r.tx.Exec("DELETE FROM patient_index"); err != nil {
		return err
	}
	if _, err := r.tx.Exec("DELETE FROM patient_mrn"); err != nil {
		return err
	}
	for _, id := range ids {
		if err := r.patient(id); err != nil {
			return err
		}
	}
	rep.Patients = len(ids)
	n, err := r.vaultSealed()
	if err != nil {
		return err
	}
	rep.Sealed += n
	if n, err = r.opsRecords(); err != nil {
		return err
	}
	rep.Sealed += n
	if rep.Grants, err = r.grants(); err != nil {
		return err
	}
	_, err = r.tx.Exec("UPDATE vault_meta SET key_generation = ? WHERE id = 1", r.new.generation)
	return err
}

// base returns the key a row of the given kind is sealed under, before
// (old) and after (new) the rotation.
func (r *rotation) base(kind, subjectID string) (old, new []byte, err error) {
	old, err = r.old.keyOf(r.tx, kind, subjectID)
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case keyPatient:
		return old, append([]byte(nil), r.dks[subjectID]...), nil
	case keyVault:
		new, err = r.new.vaultFieldKey()
		return old, new, err
	}
	return old, append([]byte(nil), old...), nil // subject and retention keys keep their value, re-wrapped
}

// reseal opens ct for category under the old base and seals it under the new.
func (r *rotation) reseal(category string, oldBase, newBase, ct, ad []byte) ([]byte, error) {
	pt, err := r.old.openFor(category, oldBase, ct, ad)
	if err != nil {
		return nil, err
	}
	defer clear(pt)
	return r.new.sealFor(category, newBase, pt, ad)
}

type sealedRow struct {
	key, subject, kind, field string
	ct                        []byte
}

func (r *rotation) rows(query string) ([]sealedRow, error) {
	rows, err := r.tx.Query(query)
	if err != nil {
		return nil, fmt.Errorf("vault: rotate: %w", err)
	}
	defer rows.Close()
	var out []sealedRow
	for rows.Next() {
		var s sealedRow
		if err := rows.Scan(&s.key, &s.subject, &s.kind, &s.field, &s.ct); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// each reseals every row of query, writing it back with update.
func (r *rotation) each(query, update string, category func(sealedRow) string, ad func(sealedRow) []byte) (int, error) {
	rows, err := r.rows(query)
	if err != nil {
		return 0, err
	}
	for _, row := range rows {
		oldBase, newBase, err := r.base(row.kind, row.subject)
		if errors.Is(err, errShredded) {
			continue // the key is gone: nothing left to re-seal (deleted with it)
		}
		if err != nil {
			return 0, err
		}
		ct, err := r.reseal(category(row), oldBase, newBase, row.ct, ad(row))
		clear(oldBase)
		clear(newBase)
		if err != nil {
			return 0, fmt.Errorf("%w: rotate %s", ErrIntegrity, row.key)
		}
		if _, err := r.tx.Exec(update, ct, row.key, row.field); err != nil {
			return 0, fmt.Errorf("vault: rotate %s: %w", row.key, err)
		}
	}
	return len(rows), nil
}

func (r *rotation) secrets() (int, error) {
	return r.each("SELECT owner, subject_id, key_kind, '', ciphertext FROM subject_secrets",
		"UPDATE subject_secrets SET ciphertext = ? WHERE owner = ? AND ? = ''",
		func(sealedRow) string { return catRequests },
		func(s sealedRow) []byte { return r.old.secretAD("subject_secrets", s.key, s.subject) })
}

func (r *rotation) history() (int, error) {
	return r.each("SELECT id, patient_id, key_kind, field, old_value FROM patient_history",
		"UPDATE patient_history SET old_value = ? WHERE id = ? AND field = ?",
		func(s sealedRow) string { return columnCategory(s.field) },
		func(s sealedRow) []byte { return r.old.historyAD(s.key, s.subject) })
}

func (r *rotation) erased() (int, error) {
	return r.each("SELECT patient_id, patient_id, CASE action WHEN 'keep' THEN 'retention' ELSE 'vault' END, field, ciphertext FROM erased_fields",
		"UPDATE erased_fields SET ciphertext = ? WHERE patient_id = ? AND field = ?",
		func(s sealedRow) string { return columnCategory(s.field) },
		func(s sealedRow) []byte { return r.old.erasedAD(s.subject, s.field) })
}

// rewrap re-wraps the subject or retention keys under the new wrap key.
func (r *rotation) rewrap(table, column string) error {
	ids, err := queryIDs(r.tx, "rotate", "SELECT "+column+" FROM "+table)
	if err != nil {
		return err
	}
	for _, id := range ids {
		key, err := r.old.wrappedKey(r.tx, table, column, id)
		if err != nil {
			return err
		}
		wrapped, err := seal(r.new.wrap, key, associatedData(r.new.vaultID, table, "wrapped_key", id))
		clear(key)
		if err != nil {
			return err
		}
		if _, err := r.tx.Exec("UPDATE "+table+" SET wrapped_key = ? WHERE "+column+" = ?", wrapped, id); err != nil {
			return fmt.Errorf("vault: rotate %s: %w", table, err)
		}
	}
	return nil
}

// patient re-seals one patient under its new data key and indexes it with
// the new index keys.
func (r *rotation) patient(id string) error {
	p, err := r.old.loadPatient(r.tx, id, patientColumns)
	if err != nil {
		return err
	}
	var cv int64
	if err := r.tx.QueryRow("SELECT clinical_version FROM patients WHERE id = ?", id).Scan(&cv); err != nil {
		return err
	}
	dk := r.dks[id]
	row, err := r.new.sealRow(dk, p, rowVersion{version: p.Version, clinical: cv}, cv != 0, freshRowNonces())
	if err != nil {
		return err
	}
	if _, err := r.tx.Exec("UPDATE patients SET "+row.assignments()+" WHERE id = ?", append(row.values(), id)...); err != nil {
		return fmt.Errorf("vault: rotate patient %s: %w", id, err)
	}
	wrapped, err := seal(r.new.wrap, dk, r.new.keyAD(id))
	if err != nil {
		return err
	}
	if _, err := r.tx.Exec("UPDATE patient_keys SET wrapped_key = ? WHERE patient_id = ?", wrapped, id); err != nil {
		return fmt.Errorf("vault: rotate patient %s: %w", id, err)
	}
	return insertIndex(r.tx, r.new, p)
}

// vaultSealed re-seals the breach log and the practice details.
func (r *rotation) vaultSealed() (int, error) {
	n := 0
	for _, t := range []struct{ category, table, query, update string }{
		{catGovernance, "breaches", "SELECT id, '', '', '', secret FROM breaches", "UPDATE breaches SET secret = ? WHERE id = ?"},
		{catCommon, "practice", "SELECT '1', '', '', '', ciphertext FROM practice", "UPDATE practice SET ciphertext = ? WHERE id = 1 AND ? = '1'"},
	} {
		rows, err := r.rows(t.query)
		if err != nil {
			return 0, err
		}
		for _, row := range rows {
			var v json.RawMessage
			if err := r.old.openVault(t.category, t.table, row.key, row.ct, &v); err != nil {
				return 0, err
			}
			ct, err := r.new.sealVault(t.category, t.table, row.key, v)
			if err != nil {
				return 0, err
			}
			if _, err := r.tx.Exec(t.update, ct, row.key); err != nil {
				return 0, fmt.Errorf("vault: rotate %s: %w", t.table, err)
			}
			n++
		}
	}
	return n, nil
}

// grants re-issues the grant of every enabled user (to the box key in
// their signed record) and of the recovery code (to the box key its signed
// grant names).
func (r *rotation) grants() (int, error) {
	ids, err := queryIDs(r.tx, "rotate", "SELECT id FROM users WHERE disabled = 0 ORDER BY id")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		rec, err := findUserRecord(r.tx, "id", id)
		if err != nil {
			return 0, err
		}
		if err := rec.verify(r.old.authority); err != nil {
			return 0, err
		}
		if len(rec.boxPub) == 0 {
			continue // awaiting a passphrase after the format-1 upgrade: no keys to grant to
		}
		if err := writeGrant(r.tx, r.new, id, rec.Role, rec.boxPub); err != nil {
			return 0, err
		}
		n++
	}
	if !hasRow(r.tx, "SELECT 1 FROM key_slots WHERE kind = 'recovery'") {
		return n, nil // no recovery code yet (upgraded format-1 vault)
	}
	g, err := findGrant(r.tx, recoveryUser.ID)
	if err != nil {
		return 0, err
	}
	if !verifyGrantSig(g, r.old.authority) || g.role != RoleAdmin {
		return 0, fmt.Errorf("%w: the recovery code's key grant is not signed by the vault's authority", ErrIntegrity)
	}
	return n + 1, writeGrant(r.tx, r.new, recoveryUser.ID, RoleAdmin, g.boxPub)
}
