package vault

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"slices"
)

// openKeys checks what a key slot unwrapped against the file and opens the
// user's key grant. Everything it checks is signed by the authority pinned
// in the slot, so an edit of users, key_grants, signing_keys or vault_meta
// is an integrity error here rather than a gain: the role comes from the
// signed user record, and the keys from the grant sealed to the slot's
// private key.
func (v *Vault) openKeys(u User, slotID string, c slotContent, recovery bool) (*keys, userRecord, error) {
	if err := checkPinnedAuthority(v.db, c.authority); err != nil {
		return nil, userRecord{}, err
	}
	boxPub, err := boxPublic(c.boxPriv)
	if err != nil {
		return nil, userRecord{}, fmt.Errorf("%w: key slot %s holds no valid box key", ErrIntegrity, slotID)
	}
	signID := signingKeyID(ed25519.NewKeyFromSeed(c.signSeed).Public().(ed25519.PublicKey))
	rec := userRecord{User: recoveryUser}
	if !recovery {
		if rec, err = findUserRecord(v.db, "id", u.ID); err != nil {
			return nil, userRecord{}, err
		}
		if err := rec.verify(c.authority); err != nil {
			return nil, userRecord{}, err
		}
		if !bytes.Equal(rec.boxPub, boxPub) || rec.signKey != signID {
			return nil, userRecord{}, fmt.Errorf("%w: key slot of user %s does not match the user record", ErrIntegrity, u.ID)
		}
	}
	if err := checkSigningKey(v.db, signID, rec.ID, c.authority); err != nil {
		return nil, userRecord{}, err
	}
	b, gen, err := v.openUserGrant(slotID, rec.Role, c)
	if err != nil {
		return nil, userRecord{}, err
	}
	k, err := deriveKeys(b, c, v.vaultID, gen)
	for _, key := range b.cat {
		clear(key)
	}
	clear(b.authority)
	return k, rec, err
}

// openUserGrant opens the grant of a slot and checks that it carries
// exactly the keys of role, of the current key generation.
func (v *Vault) openUserGrant(slotID string, role Role, c slotContent) (bundle, int64, error) {
	g, err := findGrant(v.db, slotID)
	if err != nil {
		return bundle{}, 0, err
	}
	gen, err := keyGeneration(v.db)
	if err != nil {
		return bundle{}, 0, err
	}
	if g.role != role || g.generation != gen {
		return bundle{}, 0, fmt.Errorf("%w: key grant of %s is for another role or key generation", ErrIntegrity, slotID)
	}
	b, err := openGrant(v.vaultID, g, c.boxPriv, c.authority)
	if err != nil {
		return bundle{}, 0, err
	}
	want := roleCategories(role)
	for n := range b.cat {
		if !slices.Contains(want, n) {
			return bundle{}, 0, fmt.Errorf("%w: key grant of %s holds keys its role may not", ErrIntegrity, slotID)
		}
	}
	if b.authority != nil {
		if !role.Can(PermUserManage) || !bytes.Equal(ed25519.NewKeyFromSeed(b.authority).Public().(ed25519.PublicKey), c.authority) {
			return bundle{}, 0, fmt.Errorf("%w: key grant of %s carries a wrong authority key", ErrIntegrity, slotID)
		}
	}
	return b, gen, nil
}

// errKeyFormat1 refuses a vault made before keys followed roles.
// Unlock upgrades it when an administrator opens it (upgrade_v1.go); the
// recovery code cannot (it names no administrator to hold the new keys).
var errKeyFormat1 = fmt.Errorf("%w (the recovery code cannot do this)", ErrUpgradeNeedsAdmin)

// checkKeyFormat refuses to unlock a format-1 vault: its slots hold the
// shared master key that format 2 exists to get rid of.
func (v *Vault) checkKeyFormat() error {
	var f int
	if err := v.db.QueryRow("SELECT key_format FROM vault_meta WHERE id = 1").Scan(&f); err != nil {
		return fmt.Errorf("vault: read key format: %w", err)
	}
	if f != keyFormat {
		return errKeyFormat1
	}
	return nil
}

func keyGeneration(q querier) (int64, error) {
	var gen int64
	if err := q.QueryRow("SELECT key_generation FROM vault_meta WHERE id = 1").Scan(&gen); err != nil {
		return 0, fmt.Errorf("vault: read key generation: %w", err)
	}
	return gen, nil
}

// checkSigningKey checks that the signing key id is pinned for userID with
// the authority's certificate.
func checkSigningKey(q querier, id, userID string, authority ed25519.PublicKey) error {
	var uid string
	var pub, sig []byte
	err := q.QueryRow("SELECT user_id, public_key, sig FROM signing_keys WHERE id = ?", id).Scan(&uid, &pub, &sig)
	if err != nil || uid != userID || !ed25519.Verify(authority, signingKeySigned(id, uid, pub), sig) {
		return fmt.Errorf("%w: signing key of %s is not pinned in the vault", ErrIntegrity, userID)
	}
	return nil
}
