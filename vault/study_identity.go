package vault

import (
	"crypto/ecdh"
	"fmt"
	"strings"

	"filippo.io/age"
	"filippo.io/age/plugin"
)

// ResearcherRecipient is the age X25519 recipient ("age1…") of a
// researcher account: its box public key, the key its grant is sealed to.
// A package encrypted to it opens with PackageIdentity in that
// researcher's session and nowhere else. Needs the administrator's or
// DPO's rights.
func (s *Session) ResearcherRecipient(userID string) (string, error) {
	pub, _, err := s.ResearcherKey(userID)
	if err != nil {
		return "", err
	}
	return ageRecipientOf(pub)
}

func ageRecipientOf(pub []byte) (string, error) {
	pk, err := ecdh.X25519().NewPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("%w: researcher key", ErrIntegrity)
	}
	return plugin.EncodeX25519Recipient(pk)
}

// PackageIdentity returns the session user's own age identity (their box
// key) for opening research packages addressed to them. The identity
// lives as long as the session's keys: it fails with ErrLocked after
// Lock. Needs PermResearchExport; audited "research.package-identity".
func (s *Session) PackageIdentity() (age.Identity, error) {
	err := s.runRead(PermResearchExport, "research.package-identity", "", func(tx *txn, k *keys) error {
		return s.audit(tx, k, "research.package-identity", "", outcomeOK, "")
	})
	if err != nil {
		return nil, err
	}
	return sessionIdentity{s}, nil
}

// sessionIdentity unwraps age X25519 stanzas with the session's box key.
type sessionIdentity struct{ s *Session }

func (i sessionIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	i.s.mu.RLock()
	defer i.s.mu.RUnlock()
	if i.s.k == nil {
		return nil, ErrLocked
	}
	enc, err := bech32Encode("AGE-SECRET-KEY-", i.s.k.boxPriv)
	if err != nil {
		return nil, err
	}
	id, err := age.ParseX25519Identity(strings.ToUpper(enc))
	if err != nil {
		return nil, fmt.Errorf("%w: box key", ErrIntegrity)
	}
	return id.Unwrap(stanzas)
}

// bech32Encode is BIP 173 bech32 (the encoding of age keys), lower case.
func bech32Encode(hrp string, data []byte) (string, error) {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	hrp = strings.ToLower(hrp)
	var five []byte
	acc, bits := 0, 0
	for _, b := range data {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			five = append(five, byte(acc>>bits&31))
		}
	}
	if bits > 0 {
		five = append(five, byte(acc<<(5-bits)&31))
	}
	values := make([]byte, 0, 2*len(hrp)+1+len(five)+6)
	for i := range len(hrp) {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := range len(hrp) {
		values = append(values, hrp[i]&31)
	}
	values = append(values, five...)
	values = append(values, 0, 0, 0, 0, 0, 0)
	mod := bech32Polymod(values) ^ 1
	var b strings.Builder
	b.WriteString(hrp)
	b.WriteByte('1')
	for _, v := range five {
		b.WriteByte(charset[v])
	}
	for i := range 6 {
		b.WriteByte(charset[(mod>>uint(5*(5-i)))&31])
	}
	return b.String(), nil
}

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if (top>>uint(i))&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}
