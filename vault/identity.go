package vault

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// A user's identity in a format-2 vault:
//
//   - an X25519 key pair: the public half is in the user record, key grants
//     are sealed to it; the private half is only in the user's key slot;
//   - an Ed25519 signing key pair: the public half is pinned in
//     signing_keys (certified by the authority) and in every anchor; the
//     private half is only in the user's key slot. Every audit entry the
//     user causes is signed with it.
//
// The authority is an Ed25519 key pair of the vault. Its public key is in
// vault_meta and pinned inside every key slot (so a file edit cannot swap
// it); its private key travels only in administrators' grants. It signs
// user records (name, role, disabled flag, keys), signing keys and grants.

// userRecord is a users row with the key columns of format 2.
type userRecord struct {
	User
	boxPub  []byte
	signKey string
	sig     []byte
}

func (r userRecord) signed() []byte {
	b := []byte("custodia-user-v2")
	for _, s := range []string{r.ID, r.Name, string(r.Role), r.signKey} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(r.boxPub)))
	b = append(b, r.boxPub...)
	if r.Disabled {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return binary.BigEndian.AppendUint64(b, uint64(r.CreatedAt.UnixNano()))
}

// verify checks the authority's signature on the record.
func (r userRecord) verify(authority ed25519.PublicKey) error {
	if len(r.sig) != ed25519.SignatureSize || !ed25519.Verify(authority, r.signed(), r.sig) {
		return fmt.Errorf("%w: user record %s (role, disabled flag or keys) is not signed by the vault's authority", ErrIntegrity, r.ID)
	}
	return nil
}

const qUserRecord = "SELECT id, name, role, disabled, created_at, coalesce(box_pub, x''), coalesce(sign_key, ''), coalesce(record_sig, x'') FROM users WHERE "

func findUserRecord(q querier, by, value string) (userRecord, error) {
	var r userRecord
	var role string
	var created int64
	col := "id = ?"
	if by == "name" {
		col = "name = ?"
	}
	err := q.QueryRow(qUserRecord+col, value).Scan(&r.ID, &r.Name, &role, &r.Disabled, &created, &r.boxPub, &r.signKey, &r.sig)
	if errors.Is(err, sql.ErrNoRows) {
		return userRecord{}, fmt.Errorf("%w: user", ErrNotFound)
	}
	if err != nil {
		return userRecord{}, fmt.Errorf("vault: read user: %w", err)
	}
	r.Role, r.CreatedAt = Role(role), time.Unix(0, created).UTC()
	return r, nil
}

// storeUserRecord signs r with the authority and writes its role, disabled
// flag and key columns.
func storeUserRecord(tx *txn, r userRecord, authority ed25519.PrivateKey) error {
	r.sig = ed25519.Sign(authority, r.signed())
	_, err := tx.Exec(`UPDATE users SET role = ?, disabled = ?, box_pub = ?, sign_key = ?, record_sig = ? WHERE id = ?`,
		string(r.Role), r.Disabled, r.boxPub, r.signKey, r.sig, r.ID)
	if err != nil {
		return fmt.Errorf("vault: store user %s: %w", r.ID, err)
	}
	return nil
}

// signingKeyID names a signing key: the first 8 bytes of its SHA-256, in hex.
func signingKeyID(pub ed25519.PublicKey) string {
	h := sha256.Sum256(pub)
	return hex.EncodeToString(h[:8])
}

func signingKeySigned(id, userID string, pub []byte) []byte {
	b := []byte("custodia-signing-key-v2")
	for _, p := range [][]byte{[]byte(id), []byte(userID), pub} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return b
}

// pinSigningKey stores a new signing key of userID, certified by the authority.
func pinSigningKey(tx *txn, userID string, pub ed25519.PublicKey, authority ed25519.PrivateKey, now time.Time) (string, error) {
	id := signingKeyID(pub)
	sig := ed25519.Sign(authority, signingKeySigned(id, userID, pub))
	if _, err := tx.Exec("INSERT INTO signing_keys (id, user_id, public_key, created_at, sig) VALUES (?, ?, ?, ?, ?)",
		id, userID, []byte(pub), now.UnixNano(), sig); err != nil {
		return "", fmt.Errorf("vault: pin signing key of %s: %w", userID, err)
	}
	return id, nil
}

// PinnedKey is a user's public signing key as pinned in the vault and in
// anchors.
type PinnedKey struct {
	ID        string `json:"id"`      // key id (hex of the first 8 bytes of its SHA-256)
	UserID    string `json:"user_id"` // "recovery" for the recovery code's key
	PublicKey string `json:"public_key"`
}

// pinnedKeys loads every signing key and checks the authority's
// certificate of each. A key whose certificate fails is ErrIntegrity.
func pinnedKeys(q interface {
	Query(string, ...any) (*sql.Rows, error)
}, authority ed25519.PublicKey) (map[string]PinnedKey, error) {
	rows, err := q.Query("SELECT id, user_id, public_key, sig FROM signing_keys ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("vault: read signing keys: %w", err)
	}
	defer rows.Close()
	out := map[string]PinnedKey{}
	for rows.Next() {
		var id, uid string
		var pub, sig []byte
		if err := rows.Scan(&id, &uid, &pub, &sig); err != nil {
			return nil, err
		}
		if len(pub) != ed25519.PublicKeySize || id != signingKeyID(pub) || !ed25519.Verify(authority, signingKeySigned(id, uid, pub), sig) {
			return nil, fmt.Errorf("%w: signing key %s of %s is not certified by the vault's authority", ErrIntegrity, id, uid)
		}
		out[id] = PinnedKey{ID: id, UserID: uid, PublicKey: hex.EncodeToString(pub)}
	}
	return out, rows.Err()
}

// slotContent is what a format-2 key slot seals under the passphrase: the
// user's X25519 and Ed25519 private keys and the authority's public key.
type slotContent struct {
	boxPriv   []byte
	signSeed  []byte
	authority ed25519.PublicKey
}

func (c slotContent) encode() []byte {
	b := make([]byte, 0, slotPlainLen)
	b = append(b, 2)
	b = append(b, c.boxPriv...)
	b = append(b, c.signSeed...)
	return append(b, c.authority...)
}

func decodeSlotContent(p []byte) (slotContent, error) {
	if len(p) != slotPlainLen || p[0] != 2 {
		return slotContent{}, fmt.Errorf("%w: %v", ErrIntegrity, errBadSlot)
	}
	return slotContent{
		boxPriv:   append([]byte(nil), p[1:33]...),
		signSeed:  append([]byte(nil), p[33:33+ed25519.SeedSize]...),
		authority: append(ed25519.PublicKey(nil), p[33+ed25519.SeedSize:]...),
	}, nil
}

func (c slotContent) wipe() {
	clear(c.boxPriv)
	clear(c.signSeed)
}

// newSlotContent makes fresh key pairs for a user.
func newSlotContent(authority ed25519.PublicKey) (slotContent, []byte, ed25519.PublicKey) {
	boxPriv, boxPub := newBoxKey()
	seed := randomBytes(ed25519.SeedSize)
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	return slotContent{boxPriv: boxPriv, signSeed: seed, authority: authority}, boxPub, pub
}

// vaultAuthority reads the authority public key from vault_meta.
func vaultAuthority(q querier) (ed25519.PublicKey, error) {
	var pub []byte
	if err := q.QueryRow("SELECT coalesce(authority_pub, x'') FROM vault_meta WHERE id = 1").Scan(&pub); err != nil {
		return nil, fmt.Errorf("vault: read authority: %w", err)
	}
	return pub, nil
}

// checkPinnedAuthority compares the slot's pinned authority with the file's.
func checkPinnedAuthority(q querier, pinned ed25519.PublicKey) error {
	pub, err := vaultAuthority(q)
	if err != nil {
		return err
	}
	if !bytes.Equal(pub, pinned) {
		return fmt.Errorf("%w: the vault's authority key differs from the one pinned in the key slot", ErrIntegrity)
	}
	return nil
}
