package vault

import (
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// slot is one key_slots row: a KDF salt and parameters and the master key
// sealed under the key they derive.
type slot struct {
	id      string
	kind    string // "passphrase" or "recovery"
	userID  string
	params  KDFParams
	salt    []byte
	wrapped []byte
}

func (s slot) ad(vaultID string) []byte {
	col := fmt.Sprintf("wrapped_key|%s|%s|t=%d,m=%d,p=%d", s.kind, s.userID, s.params.Time, s.params.MemoryKiB, s.params.Threads)
	return associatedData(vaultID, "key_slots", col, s.id)
}

// unwrap derives the slot key from secret and opens the master key. A wrong
// secret or a changed slot gives ErrIntegrity.
func (s slot) unwrap(vaultID string, secret []byte) ([]byte, error) {
	if err := checkKDF(s.params); err != nil {
		return nil, err
	}
	kek := deriveKey(secret, s.salt, s.params)
	defer clear(kek)
	return open(kek, s.wrapped, s.ad(vaultID))
}

// writeSlot seals master under a fresh salt and the vault's KDF parameters,
// replacing the existing slot of that user (or the recovery slot) in place.
// Nothing else in the file changes.
func (v *Vault) writeSlot(tx *txn, kind, userID string, secret, master []byte) error {
	s := slot{kind: kind, userID: userID, params: v.kdfParams(), salt: randomBytes(saltLen)}
	old, err := findSlot(tx, kind, userID)
	switch {
	case err == nil:
		s.id = old.id
	case errors.Is(err, ErrNotFound):
		s.id = uuid.NewString()
	default:
		return err
	}
	kek := deriveKey(secret, s.salt, s.params)
	defer clear(kek)
	if s.wrapped, err = seal(kek, master, s.ad(v.vaultID)); err != nil {
		return err
	}
	var uid any
	if userID != "" {
		uid = userID
	}
	_, err = tx.Exec(`INSERT INTO key_slots (id, kind, user_id, kdf_time, kdf_memory_kib, kdf_threads, salt, wrapped_key, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kdf_time = excluded.kdf_time, kdf_memory_kib = excluded.kdf_memory_kib,
		kdf_threads = excluded.kdf_threads, salt = excluded.salt, wrapped_key = excluded.wrapped_key, updated_at = excluded.updated_at`,
		s.id, kind, uid, s.params.Time, s.params.MemoryKiB, s.params.Threads, s.salt, s.wrapped, v.now().UnixNano())
	if err != nil {
		return fmt.Errorf("vault: write key slot: %w", err)
	}
	return nil
}

type querier interface {
	QueryRow(query string, args ...any) *sql.Row
}

// findSlot loads the passphrase slot of userID, or the recovery slot when kind is "recovery".
func findSlot(q querier, kind, userID string) (slot, error) {
	query := "SELECT id, kind, coalesce(user_id, ''), kdf_time, kdf_memory_kib, kdf_threads, salt, wrapped_key FROM key_slots WHERE "
	args := []any{}
	if kind == "recovery" {
		query += "kind = 'recovery'"
	} else {
		query += "kind = 'passphrase' AND user_id = ?"
		args = append(args, userID)
	}
	var s slot
	err := q.QueryRow(query, args...).Scan(&s.id, &s.kind, &s.userID, &s.params.Time, &s.params.MemoryKiB, &s.params.Threads, &s.salt, &s.wrapped)
	if errors.Is(err, sql.ErrNoRows) {
		return slot{}, ErrNotFound
	}
	if err != nil {
		return slot{}, fmt.Errorf("vault: read key slot: %w", err)
	}
	return s, nil
}

// Recovery codes carry 160 random bits, written as 32 base32 characters in
// groups of four.
const recoveryBytes = 20

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func newRecoveryCode() (string, []byte) {
	raw := randomBytes(recoveryBytes)
	enc := recoveryEncoding.EncodeToString(raw)
	var groups []string
	for i := 0; i < len(enc); i += 4 {
		groups = append(groups, enc[i:min(i+4, len(enc))])
	}
	return strings.Join(groups, "-"), raw
}

// parseRecoveryCode accepts the code with or without dashes and spaces, in
// any case, and with 0/1/8 typed for O/I/B.
func parseRecoveryCode(code string) ([]byte, error) {
	r := strings.NewReplacer("-", "", " ", "", "0", "O", "1", "I", "8", "B")
	raw, err := recoveryEncoding.DecodeString(r.Replace(strings.ToUpper(strings.TrimSpace(code))))
	if err != nil || len(raw) != recoveryBytes {
		return nil, ErrWrongRecoveryCode
	}
	return raw, nil
}
