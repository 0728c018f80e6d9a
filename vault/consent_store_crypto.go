package vault

import (
	"custodia/consent"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// Key kinds of subject_secrets and patient_history rows.
const (
	keyPatient   = "patient"   // the patient's data key (patient_keys)
	keySubject   = "subject"   // a subject key (subject_keys), for ids without a patient key
	keyRetention = "retention" // the retention key an erasure made (retention_keys)
	keyVault     = "vault"     // the vault-level key: values that identify no one
)

// errShredded reports a ciphertext whose key was destroyed (crypto-shredded).
var errShredded = errors.New("vault: key destroyed")

// vaultFieldKey is the vault-level key of subject secrets that identify no
// one (what an erasure leaves of a request), under the requests category.
func (k *keys) vaultFieldKey() ([]byte, error) {
	return k.vaultCategoryKey(catRequests)
}

// keyCategory maps a record category (consent.RecordCategory) to the key
// category that seals it.
func keyCategory(rc consent.RecordCategory) string {
	switch rc {
	case consent.RecIdentity, consent.RecContact:
		return catIdentity
	case consent.RecClinical:
		return catClinical
	case consent.RecConsents, consent.RecRequests:
		return catRequests
	}
	return catGovernance
}

// columnCategory is the key category of a patient column.
func columnCategory(column string) string { return keyCategory(fieldCategory(column)) }

func (k *keys) secretAD(table, owner, subjectID string) []byte {
	return associatedData(k.vaultID, table, "ciphertext", owner+"\x00"+subjectID)
}

// wrappedKey unwraps the key stored in table (subject_keys or
// retention_keys) for id; errShredded when there is none.
func (k *keys) wrappedKey(tx *txn, table, column, id string) ([]byte, error) {
	var wrapped []byte
	err := tx.QueryRow("SELECT wrapped_key FROM "+table+" WHERE "+column+" = ?", id).Scan(&wrapped)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errShredded
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read %s of %s: %w", table, id, err)
	}
	wrap, err := k.needWrap()
	if err != nil {
		return nil, err
	}
	key, err := open(wrap, wrapped, associatedData(k.vaultID, table, "wrapped_key", id))
	if err != nil {
		return nil, fmt.Errorf("%w: %s of %s", ErrIntegrity, table, id)
	}
	return key, nil
}

// newWrappedKey stores a fresh random key for id in table and returns it.
func (k *keys) newWrappedKey(tx *txn, table, column, id string, extra map[string]any) ([]byte, error) {
	wrap, err := k.needWrap()
	if err != nil {
		return nil, err
	}
	key := randomBytes(keyLen)
	wrapped, err := seal(wrap, key, associatedData(k.vaultID, table, "wrapped_key", id))
	if err != nil {
		return nil, err
	}
	cols, args := column+", wrapped_key", []any{id, wrapped}
	marks := "?, ?"
	for c, v := range extra {
		cols, marks = cols+", "+c, marks+", ?"
		args = append(args, v)
	}
	if _, err := tx.Exec("INSERT INTO "+table+" ("+cols+") VALUES ("+marks+")", args...); err != nil {
		return nil, fmt.Errorf("vault: store %s of %s: %w", table, id, err)
	}
	return key, nil
}

// keyOf returns the key of the given kind for a subject; errShredded if it
// was destroyed.
func (k *keys) keyOf(tx *txn, kind, subjectID string) ([]byte, error) {
	switch kind {
	case keyPatient:
		if !hasRow(tx, "SELECT 1 FROM patient_keys WHERE patient_id = ?", subjectID) {
			return nil, errShredded
		}
		return k.dataKey(tx, subjectID)
	case keySubject:
		return k.wrappedKey(tx, "subject_keys", "subject_id", subjectID)
	case keyRetention:
		return k.wrappedKey(tx, "retention_keys", "patient_id", subjectID)
	case keyVault:
		return k.vaultFieldKey()
	}
	return nil, fmt.Errorf("%w: unknown key kind %q", ErrIntegrity, kind)
}

// writeKey picks the key for new personal data of a subject: the patient's
// data key when the subject is a patient, the retention key of an erased
// patient (the completion of the erasure request), else the subject key
// (made on first use).
func (k *keys) writeKey(tx *txn, subjectID string) (key []byte, kind string, err error) {
	if hasRow(tx, "SELECT 1 FROM patient_keys WHERE patient_id = ?", subjectID) {
		key, err = k.dataKey(tx, subjectID)
		return key, keyPatient, err
	}
	if hasRow(tx, "SELECT 1 FROM retention_keys WHERE patient_id = ?", subjectID) {
		key, err = k.wrappedKey(tx, "retention_keys", "patient_id", subjectID)
		return key, keyRetention, err
	}
	key, err = k.wrappedKey(tx, "subject_keys", "subject_id", subjectID)
	if errors.Is(err, errShredded) {
		key, err = k.newWrappedKey(tx, "subject_keys", "subject_id", subjectID, nil)
	}
	return key, keySubject, err
}

func hasRow(tx *txn, q string, args ...any) bool {
	var one int
	return tx.QueryRow(q, args...).Scan(&one) == nil
}

// putSecret encrypts v (as JSON) under the subject's key and stores it for owner.
func (k *keys) putSecret(tx *txn, owner, subjectID, category string, v any) error {
	key, kind, err := k.writeKey(tx, subjectID)
	if err != nil {
		return err
	}
	defer clear(key)
	return k.storeSecret(tx, owner, subjectID, category, kind, key, v)
}

func (k *keys) storeSecret(tx *txn, owner, subjectID, category, kind string, key []byte, v any) error {
	pt, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("vault: encode %s: %w", owner, err)
	}
	ct, err := k.sealFor(catRequests, key, pt, k.secretAD("subject_secrets", owner, subjectID))
	clear(pt)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO subject_secrets (owner, subject_id, category, key_kind, ciphertext) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (owner) DO UPDATE SET subject_id = excluded.subject_id, category = excluded.category,
		key_kind = excluded.key_kind, ciphertext = excluded.ciphertext`, owner, subjectID, category, kind, ct)
	if err != nil {
		return fmt.Errorf("vault: store %s: %w", owner, err)
	}
	return nil
}

// secretReader decrypts subject secrets, caching keys for one call.
type secretReader struct {
	tx   *txn
	k    *keys
	keys map[string][]byte // kind + subject → key (nil: shredded)
}

func newSecretReader(tx *txn, k *keys) *secretReader {
	return &secretReader{tx: tx, k: k, keys: map[string][]byte{}}
}

func (r *secretReader) wipe() {
	for _, key := range r.keys {
		clear(key)
	}
}

func (r *secretReader) key(kind, subjectID string) ([]byte, error) {
	id := kind + "\x00" + subjectID
	if key, ok := r.keys[id]; ok {
		return key, nil
	}
	key, err := r.k.keyOf(r.tx, kind, subjectID)
	if err != nil && !errors.Is(err, errShredded) {
		return nil, err
	}
	r.keys[id] = key
	return key, nil
}

// storedSecret is one subject_secrets row.
type storedSecret struct {
	owner, subjectID, kind string
	ct                     []byte
}

// get decodes owner's secret into v. It reports false when there is no
// secret or its key was destroyed (v is left unchanged), ErrIntegrity when
// the ciphertext fails authentication.
func (r *secretReader) get(owner string, v any) (bool, error) {
	s := storedSecret{owner: owner}
	err := r.tx.QueryRow("SELECT subject_id, key_kind, ciphertext FROM subject_secrets WHERE owner = ?", owner).Scan(&s.subjectID, &s.kind, &s.ct)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("vault: read %s: %w", owner, err)
	}
	return r.decode(s, v)
}

// decode decrypts a stored secret into v; false when its key was destroyed.
func (r *secretReader) decode(s storedSecret, v any) (bool, error) {
	key, err := r.key(s.kind, s.subjectID)
	if err != nil || key == nil {
		return false, err
	}
	fk, err := r.k.fieldKey(catRequests, key)
	if err != nil {
		return false, err
	}
	defer clear(fk)
	return true, r.k.decodeSecret(fk, s.ct, r.k.secretAD("subject_secrets", s.owner, s.subjectID), s.owner, v)
}

func (k *keys) decodeSecret(key, ct, ad []byte, what string, v any) error {
	pt, err := open(key, ct, ad)
	if err == nil {
		pt, err = unpad(pt)
	}
	if err != nil {
		return fmt.Errorf("%w: %s", ErrIntegrity, what)
	}
	defer clear(pt)
	if err := json.Unmarshal(pt, v); err != nil {
		return fmt.Errorf("%w: %s does not decode", ErrIntegrity, what)
	}
	return nil
}

// sealVault encrypts v (as JSON) under the vault-level key of a category,
// bound to table and id.
func (k *keys) sealVault(category, table, id string, v any) ([]byte, error) {
	key, err := k.vaultCategoryKey(category)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	pt, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("vault: encode %s %s: %w", table, id, err)
	}
	defer clear(pt)
	return seal(key, pad(pt), associatedData(k.vaultID, table, "secret", id))
}

// openVault reverses sealVault.
func (k *keys) openVault(category, table, id string, ct []byte, v any) error {
	key, err := k.vaultCategoryKey(category)
	if err != nil {
		return err
	}
	defer clear(key)
	return k.decodeSecret(key, ct, associatedData(k.vaultID, table, "secret", id), table+" "+id, v)
}
