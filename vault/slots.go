package vault

import (
	"context"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
)

// slot is one key_slots row: a KDF salt and parameters and the slot's
// content (slotContent: the user's private keys and the pinned authority)
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

// checkShape reports a slot whose stored bytes cannot come from sealSlot:
// out-of-range KDF parameters, a salt or sealed content of the wrong size,
// an unknown format byte. Those are changes to the file (ErrIntegrity), told
// apart from a wrong passphrase, which only the AEAD tag can reveal.
func (s slot) checkShape() error {
	if err := checkKDF(s.params); err != nil {
		return err
	}
	if len(s.salt) != saltLen || len(s.wrapped) != slotSealedLen || s.wrapped[0] != formatV1 {
		return fmt.Errorf("%w: key slot %s was changed (size or format)", ErrIntegrity, s.id)
	}
	return nil
}

// unwrapContext derives the slot key from secret and opens the slot
// content. A wrong secret gives ErrWrongPassphrase-like ErrIntegrity from
// the tag (callers translate it); a malformed slot gives a wrapped
// ErrIntegrity with errSlotChanged. It gives up (ctx.Err(), nothing
// verified) when ctx is done before the key derivation ends.
func (s slot) unwrapContext(ctx context.Context, vaultID string, secret []byte) (slotContent, error) {
	if err := s.checkShape(); err != nil {
		return slotContent{}, fmt.Errorf("%w: %w", errSlotChanged, err)
	}
	kek, err := deriveKeyContext(ctx, secret, s.salt, s.params)
	if err != nil {
		return slotContent{}, err
	}
	defer clear(kek)
	pt, err := open(kek, s.wrapped, s.ad(vaultID))
	if err != nil {
		return slotContent{}, err
	}
	defer clear(pt)
	c, err := decodeSlotContent(pt)
	if err != nil {
		return slotContent{}, fmt.Errorf("%w: %w", errSlotChanged, err)
	}
	return c, nil
}

// errSlotChanged marks a key slot that fails for a reason other than the
// secret: it is reported as an integrity error, never as a wrong passphrase.
var errSlotChanged = errors.New("vault: key slot changed")

// writeSlot seals and stores a slot inside tx (used at creation, when no
// other transaction can wait on the KDF).
func (v *Vault) writeSlot(tx *txn, kind, userID string, secret []byte, c slotContent) error {
	s, err := v.sealSlot(kind, userID, secret, c)
	if err != nil {
		return err
	}
	return v.storeSlot(tx, s)
}

// slotID is a slot's primary key: the user id for a passphrase slot (one per
// user), "recovery" for the recovery slot. Being known in advance, it lets
// the KDF run before the transaction that stores the slot.
func slotID(kind, userID string) string {
	if kind == "recovery" {
		return "recovery"
	}
	return userID
}

// sealSlot derives a key from secret under a fresh salt and the vault's KDF
// parameters and seals the slot content with it. It touches no database, so
// callers run it outside any transaction: Argon2id then never holds the
// write lock.
func (v *Vault) sealSlot(kind, userID string, secret []byte, c slotContent) (slot, error) {
	return v.sealSlotContext(context.Background(), kind, userID, secret, c)
}

// sealSlotContext is sealSlot that gives up (ctx.Err(), nothing sealed)
// when ctx is done before the key derivation ends.
func (v *Vault) sealSlotContext(ctx context.Context, kind, userID string, secret []byte, c slotContent) (slot, error) {
	s := slot{id: slotID(kind, userID), kind: kind, userID: userID, params: v.kdfParams(), salt: randomBytes(saltLen)}
	kek, err := deriveKeyContext(ctx, secret, s.salt, s.params)
	if err != nil {
		return slot{}, err
	}
	defer clear(kek)
	pt := c.encode()
	defer clear(pt)
	s.wrapped, err = seal(kek, pt, s.ad(v.vaultID))
	return s, err
}

// storeSlot writes s over the existing slot of that user (or the recovery
// slot), in place. Nothing else in the file changes.
func (v *Vault) storeSlot(tx *txn, s slot) error {
	var uid any
	if s.userID != "" {
		uid = s.userID
	}
	_, err := tx.Exec(`INSERT INTO key_slots (id, kind, user_id, kdf_time, kdf_memory_kib, kdf_threads, salt, wrapped_key, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kdf_time = excluded.kdf_time, kdf_memory_kib = excluded.kdf_memory_kib,
		kdf_threads = excluded.kdf_threads, salt = excluded.salt, wrapped_key = excluded.wrapped_key, updated_at = excluded.updated_at`,
		s.id, s.kind, uid, s.params.Time, s.params.MemoryKiB, s.params.Threads, s.salt, s.wrapped, v.now().UnixNano())
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
