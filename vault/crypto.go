package vault

import (
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

const (
	keyLen   = 32
	saltLen  = 16
	padBlock = 16
)

// formatV1 is the first byte of every ciphertext: version || nonce || sealed.
const formatV1 byte = 1

// Subkey purposes (HKDF info strings). Each purpose gets its own key so that
// a blind index key never wraps data keys and so on. Format 2 derives them
// from the category keys (keyring.go); the v1 names remain for documents
// that describe format 1.
const (
	purposePatientKeyWrap = "custodia/v2/patient-key-wrap" // from the records key
	purposeIndexName      = "custodia/v2/blind-index/name" // from the identity key, as the two below
	purposeIndexDOB       = "custodia/v2/blind-index/birthdate"
	purposeIndexMRN       = "custodia/v2/blind-index/mrn"
)

// keys are the secrets an unlocked session holds: the category keys its
// grant carries, the subkeys derived from them, the user's signing key and
// the pinned authority. wipe zeroes them.
type keys struct {
	vaultID    string
	generation int64
	cat        map[string][]byte
	wrap       []byte // nil without the records key
	name       []byte // the three index keys: nil without the identity key
	dob        []byte
	mrn        []byte
	signer     string // id of the signing key
	sign       ed25519.PrivateKey
	authority  ed25519.PublicKey
	authSeed   []byte // administrators only
	boxPriv    []byte
}

// deriveKeys builds a session's keys from its grant's bundle and its slot.
func deriveKeys(b bundle, c slotContent, vaultID string, generation int64) (*keys, error) {
	k := &keys{vaultID: vaultID, generation: generation, cat: map[string][]byte{}, authority: c.authority}
	for n, key := range b.cat {
		k.cat[n] = append([]byte(nil), key...)
	}
	if b.authority != nil {
		k.authSeed = append([]byte(nil), b.authority...)
	}
	k.boxPriv = append([]byte(nil), c.boxPriv...)
	k.sign = ed25519.NewKeyFromSeed(c.signSeed)
	k.signer = signingKeyID(k.sign.Public().(ed25519.PublicKey))
	for _, d := range []struct {
		dst      *[]byte
		category string
		purpose  string
	}{
		{&k.wrap, catRecords, purposePatientKeyWrap}, {&k.name, catIdentity, purposeIndexName},
		{&k.dob, catIdentity, purposeIndexDOB}, {&k.mrn, catIdentity, purposeIndexMRN},
	} {
		ck := k.cat[d.category]
		if ck == nil {
			continue
		}
		sub, err := subkey(ck, vaultID, d.purpose)
		if err != nil {
			k.wipe()
			return nil, err
		}
		*d.dst = sub
	}
	return k, nil
}

func (k *keys) wipe() {
	for _, b := range [][]byte{k.wrap, k.name, k.dob, k.mrn, k.authSeed, k.boxPriv, k.sign} {
		clear(b)
	}
	for _, b := range k.cat {
		clear(b)
	}
}

// needWrap returns the records key's wrap subkey, or ErrIntegrity when the
// session's grant lacks it (the role check passed, so the file disagrees).
func (k *keys) needWrap() ([]byte, error) {
	if k.wrap == nil {
		return nil, errNoKey(catRecords)
	}
	return k.wrap, nil
}

// subkey derives a 256-bit key for one purpose with HKDF-SHA256 (salt: vault id).
func subkey(master []byte, vaultID, purpose string) ([]byte, error) {
	out := make([]byte, keyLen)
	if _, err := io.ReadFull(hkdf.New(sha256.New, master, []byte(vaultID), []byte(purpose)), out); err != nil {
		return nil, fmt.Errorf("vault: derive subkey: %w", err)
	}
	return out, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("vault: crypto/rand failed: " + err.Error()) // rand.Read never fails on supported platforms
	}
	return b
}

// associatedData binds a ciphertext to its place: format version, vault,
// table, column and row. Each part is length-prefixed so no two places share
// an encoding.
func associatedData(vaultID, table, column, rowID string) []byte {
	n := 1 + 5*4 + len("custodia") + len(vaultID) + len(table) + len(column) + len(rowID)
	return appendAssociatedData(make([]byte, 0, n), vaultID, table, column, rowID)
}

// appendAssociatedData appends associatedData's bytes to dst (a buffer
// reused across the fields of a record).
func appendAssociatedData(dst []byte, vaultID, table, column, rowID string) []byte {
	dst = append(dst, formatV1)
	for _, s := range [...]string{"custodia", vaultID, table, column, rowID} {
		dst = binary.BigEndian.AppendUint32(dst, uint32(len(s)))
		dst = append(dst, s...)
	}
	return dst
}

// seal encrypts plaintext with XChaCha20-Poly1305: version || nonce || sealed.
func seal(key, plaintext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("vault: cipher: %w", err)
	}
	return sealWith(aead, randomBytes(aead.NonceSize()), plaintext, ad), nil
}

// sealWith is seal with a given cipher and a fresh random nonce.
func sealWith(aead cipher.AEAD, nonce, plaintext, ad []byte) []byte {
	return sealAppend(make([]byte, 0, 1+len(nonce)+len(plaintext)+aead.Overhead()), aead, nonce, plaintext, ad)
}

// sealAppend appends version || nonce || sealed plaintext to dst.
func sealAppend(dst []byte, aead cipher.AEAD, nonce, plaintext, ad []byte) []byte {
	dst = append(append(dst, formatV1), nonce...)
	return aead.Seal(dst, dst[len(dst)-len(nonce):], plaintext, ad)
}

// open reverses seal. Any change to the ciphertext, or a ciphertext moved to
// another place, gives ErrIntegrity.
func open(key, ciphertext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("vault: cipher: %w", err)
	}
	if len(ciphertext) < 1+aead.NonceSize()+aead.Overhead() || ciphertext[0] != formatV1 {
		return nil, ErrIntegrity
	}
	nonce := ciphertext[1 : 1+aead.NonceSize()]
	pt, err := aead.Open(nil, nonce, ciphertext[1+aead.NonceSize():], ad)
	if err != nil {
		return nil, ErrIntegrity
	}
	return pt, nil
}

// pad appends 0x80 and zeros up to a multiple of padBlock (ISO/IEC 7816-4),
// so stored lengths reveal only a length bucket.
func pad(b []byte) []byte { return appendPadded(nil, string(b)) }

// appendPadded appends s padded as pad does to dst.
func appendPadded(dst []byte, s string) []byte {
	n := (len(s)/padBlock + 1) * padBlock
	dst = append(append(dst, s...), 0x80)
	return append(dst, make([]byte, n-len(s)-1)...)
}

func unpad(b []byte) ([]byte, error) {
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case 0:
			continue
		case 0x80:
			return b[:i], nil
		}
		break
	}
	return nil, ErrIntegrity
}

func mac(key []byte, parts ...[]byte) []byte {
	h := hmac.New(sha256.New, key)
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}
