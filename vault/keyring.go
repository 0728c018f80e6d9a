package vault

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// Key categories. Each is a random 256-bit key of one key generation; a
// user's grant holds exactly the categories the user's role may read
// (roleCategories), so the role is enforced by which keys a passphrase
// opens, not only by the permission check.
const (
	// catRecords wraps the per-patient data keys, subject keys and
	// retention keys. Every role that reads any patient category holds it;
	// on its own it opens no field (field keys also need the category key).
	catRecords = "records"
	// catIdentity: identity and contact fields, and the blind-index keys.
	catIdentity = "identity"
	// catClinical: diagnoses, notes, encounters, observations.
	catClinical = "clinical"
	// catRequests: personal fields of consents and data-subject requests
	// (representatives, requesters, signed scans).
	catRequests = "requests"
	// catGovernance: breach details and the remains of erasures.
	catGovernance = "governance"
	// catResearch: research study keys.
	catResearch = "research"
	// catCommon: the practice's own details, printed by every role.
	catCommon = "common"
)

// keyCategories lists every category in a stable order.
var keyCategories = []string{catRecords, catIdentity, catClinical, catRequests, catGovernance, catResearch, catCommon}

// roleCategories is the key half of the permission matrix: the categories
// a role's grant carries.
func roleCategories(r Role) []string {
	var out []string
	add := func(c string, ok bool) {
		if ok {
			out = append(out, c)
		}
	}
	add(catRecords, r.Can(PermPatientRead) || r.Can(PermPatientClinical) || r.Can(PermConsentRead) ||
		r.Can(PermRequestIntake) || r.Can(PermRequestDecide) || r.Can(PermGovernance))
	add(catIdentity, r.Can(PermPatientRead))
	add(catClinical, r.Can(PermPatientClinical))
	add(catRequests, r.Can(PermConsentRead) || r.Can(PermConsentWrite) || r.Can(PermRequestIntake) || r.Can(PermRequestDecide))
	add(catGovernance, r.Can(PermGovernance) || r.Can(PermRequestDecide))
	add(catResearch, r.Can(PermResearchExport))
	add(catCommon, r != "")
	return out
}

// ErrNoKey is wrapped when a session lacks the key of a category its role
// should hold: the file's grants and user records disagree (ErrIntegrity).
func errNoKey(category string) error {
	return fmt.Errorf("%w: this account's key grant does not hold the %s key", ErrIntegrity, category)
}

// categoryKey returns the session's key of a category.
func (k *keys) categoryKey(category string) ([]byte, error) {
	key := k.cat[category]
	if key == nil {
		return nil, errNoKey(category)
	}
	return key, nil
}

// fieldKey derives the key that seals one category of an owner's fields:
// HKDF-SHA256(ikm = the owner's data key, salt = the category key, info).
// Both are needed: the data key alone (held by every role that reads any
// category of the patient) opens no category whose key the role lacks, and
// destroying the data key shreds every category at once.
func (k *keys) fieldKey(category string, dataKey []byte) ([]byte, error) {
	ck, err := k.categoryKey(category)
	if err != nil {
		return nil, err
	}
	fk := fieldKeyOf(dataKey, ck, category)
	return fk[:], nil
}

// fieldKeyOf is fieldKey's derivation from the owner's data key and the
// category key.
func fieldKeyOf(dataKey, categoryKey []byte, category string) [32]byte {
	return hkdf32(dataKey, categoryKey, "custodia/v2/field/"+category)
}

// sealFor seals plaintext (padded) for one category of the owner whose data
// key is dataKey, bound to ad. This is the helper every table holding
// personal fields uses: a new table names its category (catClinical for
// encounters and observations) and builds its associated data with
// associatedData(vaultID, table, column, rowID + row version).
func (k *keys) sealFor(category string, dataKey, plaintext, ad []byte) ([]byte, error) {
	fk, err := k.fieldKey(category, dataKey)
	if err != nil {
		return nil, err
	}
	defer clear(fk)
	return seal(fk, pad(plaintext), ad)
}

// openFor reverses sealFor. A changed or moved ciphertext is ErrIntegrity.
func (k *keys) openFor(category string, dataKey, ciphertext, ad []byte) ([]byte, error) {
	fk, err := k.fieldKey(category, dataKey)
	if err != nil {
		return nil, err
	}
	defer clear(fk)
	pt, err := open(fk, ciphertext, ad)
	if err != nil {
		return nil, err
	}
	return unpad(pt)
}

// vaultCategoryKey derives the vault-level key of a category: fields that
// belong to no single patient (breach details, practice details, remains of
// erasures).
func (k *keys) vaultCategoryKey(category string) ([]byte, error) {
	ck, err := k.categoryKey(category)
	if err != nil {
		return nil, err
	}
	return subkey(ck, k.vaultID, "custodia/v2/vault-fields/"+category)
}

// --- grants: a role's category keys sealed to a user's X25519 key ---

// grant is one key_grants row.
type grant struct {
	id         string // user id, or "recovery"
	role       Role
	generation int64
	boxPub     []byte // the recipient's X25519 public key (signed with the rest)
	ephPub     []byte
	ct         []byte
	sig        []byte
}

// bundle is what a grant carries: the category keys and, for
// administrators, the authority's signing seed.
type bundle struct {
	cat       map[string][]byte
	authority []byte // ed25519 seed, administrators only
}

func (b bundle) encode() []byte {
	var out []byte
	names := make([]string, 0, len(b.cat))
	for n := range b.cat {
		names = append(names, n)
	}
	slices.Sort(names)
	put := func(name string, key []byte) {
		out = append(out, byte(len(name)))
		out = append(out, name...)
		out = append(out, byte(len(key)))
		out = append(out, key...)
	}
	for _, n := range names {
		put(n, b.cat[n])
	}
	if b.authority != nil {
		put("!authority", b.authority)
	}
	return out
}

func decodeBundle(p []byte) (bundle, error) {
	b := bundle{cat: map[string][]byte{}}
	for len(p) > 0 {
		n := int(p[0])
		if len(p) < 2+n || len(p) < 2+n+int(p[1+n]) {
			return bundle{}, fmt.Errorf("%w: key grant malformed", ErrIntegrity)
		}
		name := string(p[1 : 1+n])
		kl := int(p[1+n])
		key := append([]byte(nil), p[2+n:2+n+kl]...)
		p = p[2+n+kl:]
		if name == "!authority" {
			b.authority = key
			continue
		}
		if !slices.Contains(keyCategories, name) || kl != keyLen {
			return bundle{}, fmt.Errorf("%w: key grant holds an unknown key", ErrIntegrity)
		}
		b.cat[name] = key
	}
	return b, nil
}

func (g grant) ad(vaultID string) []byte {
	return associatedData(vaultID, "key_grants", fmt.Sprintf("ciphertext|%s|%d", g.role, g.generation), g.id)
}

func (g grant) signed() []byte {
	b := []byte("custodia-grant-v2")
	for _, p := range [][]byte{[]byte(g.id), []byte(g.role), g.boxPub, g.ephPub, g.ct} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return binary.BigEndian.AppendUint64(b, uint64(g.generation))
}

func boxKey(shared, ephPub, recipient []byte) ([]byte, error) {
	out := make([]byte, keyLen)
	salt := append(append([]byte(nil), ephPub...), recipient...)
	if _, err := io.ReadFull(hkdf.New(sha256.New, shared, salt, []byte("custodia/v2/grant")), out); err != nil {
		return nil, err
	}
	return out, nil
}

// sealGrant seals b to the recipient's X25519 public key with a fresh
// ephemeral key and signs the result with the authority key.
func sealGrant(vaultID, id string, role Role, generation int64, b bundle, recipient []byte, authority ed25519.PrivateKey) (grant, error) {
	pub, err := ecdh.X25519().NewPublicKey(recipient)
	if err != nil {
		return grant{}, fmt.Errorf("%w: user %s has no valid box key", ErrIntegrity, id)
	}
	eph, err := ecdh.X25519().GenerateKey(randReader{})
	if err != nil {
		return grant{}, err
	}
	shared, err := eph.ECDH(pub)
	if err != nil {
		return grant{}, err
	}
	g := grant{id: id, role: role, generation: generation, boxPub: recipient, ephPub: eph.PublicKey().Bytes()}
	key, err := boxKey(shared, g.ephPub, recipient)
	clear(shared)
	if err != nil {
		return grant{}, err
	}
	defer clear(key)
	pt := b.encode()
	defer clear(pt)
	if g.ct, err = seal(key, pt, g.ad(vaultID)); err != nil {
		return grant{}, err
	}
	g.sig = ed25519.Sign(authority, g.signed())
	return g, nil
}

func verifyGrantSig(g grant, authority []byte) bool {
	return len(authority) == 32 && ed25519.Verify(authority, g.signed(), g.sig)
}

// openGrant checks the authority's signature and opens the bundle with the
// user's X25519 private key.
func openGrant(vaultID string, g grant, boxPriv []byte, authority ed25519.PublicKey) (bundle, error) {
	if !ed25519.Verify(authority, g.signed(), g.sig) {
		return bundle{}, fmt.Errorf("%w: key grant of %s is not signed by the vault's authority", ErrIntegrity, g.id)
	}
	priv, err := ecdh.X25519().NewPrivateKey(boxPriv)
	if err != nil || !bytes.Equal(priv.PublicKey().Bytes(), g.boxPub) {
		return bundle{}, fmt.Errorf("%w: key grant of %s is sealed to another key", ErrIntegrity, g.id)
	}
	eph, err := ecdh.X25519().NewPublicKey(g.ephPub)
	if err != nil {
		return bundle{}, fmt.Errorf("%w: key grant of %s malformed", ErrIntegrity, g.id)
	}
	shared, err := priv.ECDH(eph)
	if err != nil {
		return bundle{}, fmt.Errorf("%w: key grant of %s malformed", ErrIntegrity, g.id)
	}
	key, err := boxKey(shared, g.ephPub, priv.PublicKey().Bytes())
	clear(shared)
	if err != nil {
		return bundle{}, err
	}
	defer clear(key)
	pt, err := open(key, g.ct, g.ad(vaultID))
	if err != nil {
		return bundle{}, fmt.Errorf("%w: key grant of %s", ErrIntegrity, g.id)
	}
	defer clear(pt)
	return decodeBundle(pt)
}

func storeGrant(tx *txn, g grant) error {
	_, err := tx.Exec(`INSERT INTO key_grants (id, role, generation, box_pub, eph_pub, ciphertext, sig) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET role = excluded.role, generation = excluded.generation, box_pub = excluded.box_pub,
		eph_pub = excluded.eph_pub, ciphertext = excluded.ciphertext, sig = excluded.sig`, g.id, string(g.role), g.generation, g.boxPub, g.ephPub, g.ct, g.sig)
	if err != nil {
		return fmt.Errorf("vault: store key grant: %w", err)
	}
	return nil
}

func findGrant(q querier, id string) (grant, error) {
	g := grant{id: id}
	var role string
	err := q.QueryRow("SELECT role, generation, box_pub, eph_pub, ciphertext, sig FROM key_grants WHERE id = ?", id).
		Scan(&role, &g.generation, &g.boxPub, &g.ephPub, &g.ct, &g.sig)
	if err != nil {
		return grant{}, fmt.Errorf("%w: no key grant for %s", ErrIntegrity, id)
	}
	g.role = Role(role)
	return g, nil
}

// roleBundle is the bundle a role gets from the session's keys. Only an
// administrator session (holding every category and the authority seed)
// can build every role's bundle.
func (k *keys) roleBundle(r Role) (bundle, error) {
	b := bundle{cat: map[string][]byte{}}
	for _, c := range roleCategories(r) {
		key, err := k.categoryKey(c)
		if err != nil {
			return bundle{}, err
		}
		b.cat[c] = key
	}
	if r.Can(PermUserManage) {
		if k.authSeed == nil {
			return bundle{}, errNoKey("authority")
		}
		b.authority = k.authSeed
	}
	return b, nil
}

// authorityKey is the administrators' signing key (nil for other roles).
func (k *keys) authorityKey() (ed25519.PrivateKey, error) {
	if k.authSeed == nil {
		return nil, errNoKey("authority")
	}
	return ed25519.NewKeyFromSeed(k.authSeed), nil
}

// randReader feeds crypto/ecdh from randomBytes.
type randReader struct{}

func (randReader) Read(p []byte) (int, error) {
	copy(p, randomBytes(len(p)))
	return len(p), nil
}

// newBoxKey returns a fresh X25519 private key (raw 32 bytes) and its public key.
func newBoxKey() (priv, pub []byte) {
	k, err := ecdh.X25519().GenerateKey(randReader{})
	if err != nil {
		panic("vault: X25519 key generation failed: " + err.Error())
	}
	return k.Bytes(), k.PublicKey().Bytes()
}

func boxPublic(priv []byte) ([]byte, error) {
	k, err := ecdh.X25519().NewPrivateKey(priv)
	if err != nil {
		return nil, err
	}
	return k.PublicKey().Bytes(), nil
}

// newCategoryKeys makes a fresh key for every category.
func newCategoryKeys() map[string][]byte {
	out := map[string][]byte{}
	for _, c := range keyCategories {
		out[c] = randomBytes(keyLen)
	}
	return out
}

var errBadSlot = errors.New("malformed key slot content")

// chacha20poly1305 overhead of a slot: a v2 slot's plaintext is fixed-size,
// so a sealed slot of any other length was changed (not a wrong passphrase).
const slotPlainLen = 1 + 32 + ed25519.SeedSize + ed25519.PublicKeySize

var slotSealedLen = 1 + chacha20poly1305.NonceSizeX + slotPlainLen + chacha20poly1305.Overhead
