package vault

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
)

// Upgrade of key format 1 (one master key in every slot, docs/design.md §2
// "Format 1"). The first administrator who unlocks a format-1 vault
// upgrades it, in one transaction, to keys by role: the v1 audit chain is
// verified with the v1 audit key and closed by a signed vault.upgrade
// entry; the authority, the category keys and the administrator's identity
// are created under the passphrase just typed; every sealed value is read
// with the v1 rules and re-sealed as Rotate seals it; every other user's
// record is signed as it stands (role, disabled flag) without keys, and
// their v1 slots and the recovery slot are deleted: each needs a new
// passphrase from the administrator (ResetPassphrase) and the vault a new
// recovery code (NewRecoveryCode). A failure leaves the file as it was.

// ErrUpgradeNeedsAdmin is returned when someone other than an
// administrator (or the recovery code) tries to unlock a format-1 vault.
var ErrUpgradeNeedsAdmin = errors.New("vault: this vault was made by an earlier version of Custodia; an administrator must open it first (with their own user name and passphrase) to bring it up to date, then everyone else can sign in")

// ErrNewPassphraseNeeded is returned by Unlock for an account whose keys
// were not carried over by the upgrade of a format-1 vault.
var ErrNewPassphraseNeeded = errors.New("vault: this account needs a new passphrase: the vault was brought up to date by a newer version of Custodia, and an administrator must set a new passphrase for this account")

// errUpgradedMeanwhile: another unlock upgraded the vault between this
// unlock's check and its transaction.
var errUpgradedMeanwhile = errors.New("vault: upgraded meanwhile")

// UpgradeReport says what the upgrade of a format-1 vault did.
type UpgradeReport struct {
	AuditEntries   int64  // v1 audit entries verified and sealed by the vault.upgrade entry
	Patients       int    // patients re-sealed under new data keys
	Sealed         int    // other sealed values re-sealed
	NeedPassphrase []User // users (enabled) who need a new passphrase from an administrator
}

// PendingKeys lists what an administrator still has to issue after an
// upgrade: enabled users without a key slot, and whether the vault has no
// recovery code.
type PendingKeys struct {
	Users        []User
	RecoveryCode bool
}

// Empty reports whether nothing is needed.
func (n PendingKeys) Empty() bool { return len(n.Users) == 0 && !n.RecoveryCode }

// Upgraded returns the report of the format-1 upgrade this session made
// when it unlocked, or nil.
func (s *Session) Upgraded() *UpgradeReport {
	s.userMu.Lock()
	defer s.userMu.Unlock()
	return s.upgrade
}

// PendingKeys lists the enabled users who have no passphrase (after an
// upgrade of a format-1 vault) and whether the recovery code is missing.
// Needs PermUserManage.
func (s *Session) PendingKeys() (PendingKeys, error) {
	var out PendingKeys
	err := s.runRead(PermUserManage, "user.list", "", func(tx *txn, k *keys) error {
		var err error
		if out, err = keysNeeded(tx, k.authority); err != nil || out.Empty() {
			return err // nothing listed, nothing to record
		}
		return s.audit(tx, k, "user.list", "", outcomeOK, fmt.Sprintf("keys_needed=%d recovery_needed=%t", len(out.Users), out.RecoveryCode))
	})
	return out, err
}

func keysNeeded(tx *txn, authority ed25519.PublicKey) (PendingKeys, error) {
	var out PendingKeys
	ids, err := queryIDs(tx, "users", "SELECT u.id FROM users u WHERE u.disabled = 0 AND NOT EXISTS (SELECT 1 FROM key_slots s WHERE s.id = u.id) ORDER BY u.name")
	if err != nil {
		return out, err
	}
	for _, id := range ids {
		rec, err := findUserRecord(tx, "id", id)
		if err != nil {
			return out, err
		}
		if err := rec.verify(authority); err != nil {
			return out, err
		}
		out.Users = append(out.Users, rec.User)
	}
	out.RecoveryCode = !hasRow(tx, "SELECT 1 FROM key_slots WHERE kind = 'recovery'")
	return out, nil
}

// awaitingPassphrase tells an enabled user without a key slot whose signed
// record holds no keys (the upgrade left it so) from a deleted slot.
func (v *Vault) awaitingPassphrase(u User) bool {
	rec, err := findUserRecord(v.db, "id", u.ID)
	if err != nil || len(rec.boxPub) != 0 || rec.signKey != "" {
		return false
	}
	auth, err := vaultAuthority(v.db)
	return err == nil && len(auth) == ed25519.PublicKeySize && rec.verify(auth) == nil
}

// keyFormat1 reports whether the vault still uses key format 1.
func (v *Vault) keyFormat1() (bool, error) {
	var f int
	if err := v.db.QueryRow("SELECT key_format FROM vault_meta WHERE id = 1").Scan(&f); err != nil {
		return false, fmt.Errorf("vault: read key format: %w", err)
	}
	return f == 1, nil
}

// unlockFormat1 is Unlock for a format-1 vault; handled is false for a
// format-2 vault (Unlock then goes on as usual).
func (v *Vault) unlockFormat1(username string, passphrase []byte) (s *Session, handled bool, err error) {
	f1, err := v.keyFormat1()
	if err != nil || !f1 {
		return nil, err != nil, err
	}
	a, err := v.reserve(accountScope(v.vaultID, username))
	if err != nil {
		return nil, true, err
	}
	u, master, err := v.unwrapV1(username, passphrase)
	if errors.Is(err, errUpgradedMeanwhile) {
		// Another unlock upgraded the vault after keyFormat1 read it: this
		// attempt is taken back and the unlock goes on as for format 2.
		if err := v.refund(a); err != nil {
			return nil, true, err
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	defer clear(master)
	if u.Role != RoleAdmin {
		v.refusedEntry(u, "format-1 vault: an administrator must open it first")
		return nil, true, ErrUpgradeNeedsAdmin
	}
	s, err = v.upgradeV1(u, master, passphrase)
	return s, true, err
}

// unwrapV1 checks the passphrase against the user's v1 slot and returns
// the master key, with Unlock's answers for unknown, disabled users and
// wrong passphrases.
func (v *Vault) unwrapV1(username string, passphrase []byte) (User, []byte, error) {
	u, err := findUser(v.db, "name", username)
	if errors.Is(err, ErrNotFound) {
		_ = v.dummyKDF(context.Background(), passphrase)
		v.failedUnlock("", "unlock.failed", "unknown user")
		return User{}, nil, ErrWrongPassphrase
	}
	if err != nil {
		return User{}, nil, err
	}
	sl, err := findSlot(v.db, "passphrase", u.ID)
	if err != nil && v.upgradedMeanwhile() {
		return User{}, nil, errUpgradedMeanwhile // the upgrade deleted this user's v1 slot
	}
	if err != nil {
		return User{}, nil, fmt.Errorf("%w: key slot of user %s: %w", ErrIntegrity, u.ID, err)
	}
	master, err := sl.unwrapV1(v.vaultID, passphrase)
	if err != nil && v.upgradedMeanwhile() {
		// The slot read was already the upgrade's format-2 slot (same
		// passphrase, so it opens, but holds no master key): not a failure.
		return User{}, nil, errUpgradedMeanwhile
	}
	if errors.Is(err, ErrIntegrity) && !errors.Is(err, errSlotChanged) {
		v.failedUnlock(u.ID, "unlock.failed", "wrong passphrase")
		return User{}, nil, ErrWrongPassphrase
	}
	if err != nil {
		v.failedUnlock(u.ID, "unlock.failed", "key slot changed")
		return User{}, nil, err
	}
	if u.Disabled {
		clear(master)
		v.refusedEntry(u, "disabled account")
		return User{}, nil, ErrUserDisabled
	}
	return u, master, nil
}

// upgradedMeanwhile reports whether the vault is in key format 2 now
// although unlockFormat1 read format 1: another unlock upgraded it between
// that read and the read of the slot.
func (v *Vault) upgradedMeanwhile() bool {
	f1, err := v.keyFormat1()
	return err == nil && !f1
}

// unwrapV1 opens a format-1 slot: the master key sealed directly under the
// slot key.
func (s slot) unwrapV1(vaultID string, secret []byte) ([]byte, error) {
	if err := checkKDF(s.params); err != nil {
		return nil, fmt.Errorf("%w: %w", errSlotChanged, err)
	}
	if len(s.salt) != saltLen {
		return nil, fmt.Errorf("%w: %w: key slot %s was changed (salt)", errSlotChanged, ErrIntegrity, s.id)
	}
	kek := deriveKey(secret, s.salt, s.params)
	defer clear(kek)
	master, err := open(kek, s.wrapped, s.ad(vaultID))
	if err != nil {
		return nil, err
	}
	if len(master) != keyLen {
		clear(master)
		return nil, fmt.Errorf("%w: %w: key slot %s holds no format-1 master key", errSlotChanged, ErrIntegrity, s.id)
	}
	return master, nil
}

// refusedEntry records a refused unlock for the audit trail. The
// passphrase was right, so an enabled user's attempt is not left counted
// as a failed guess (a disabled account's counters stay, as in Unlock).
func (v *Vault) refusedEntry(u User, detail string) {
	_ = v.inTx(func(tx *txn) error {
		if err := v.resetBackoff(tx, u, false); err != nil {
			return err
		}
		_, err := tx.Exec("INSERT INTO audit_pending (at, user_id, action, object, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
			v.now().UnixNano(), u.ID, "unlock.failed", objectUser(u.ID), outcomeDenied, detail)
		return err
	})
}

// upgradeV1 upgrades the vault under the administrator's passphrase and
// returns their session.
func (v *Vault) upgradeV1(admin User, master, passphrase []byte) (*Session, error) {
	old, err := deriveV1Keys(master, v.vaultID)
	if err != nil {
		return nil, err
	}
	defer old.wipe()
	authSeed := randomBytes(ed25519.SeedSize)
	defer clear(authSeed)
	authPub := ed25519.NewKeyFromSeed(authSeed).Public().(ed25519.PublicKey)
	adminC, adminBox, adminSign := newSlotContent(authPub)
	defer adminC.wipe()
	cats := newCategoryKeys()
	nk, err := deriveKeys(bundle{cat: cats, authority: authSeed}, adminC, v.vaultID, 1)
	for _, key := range cats {
		clear(key)
	}
	if err != nil {
		return nil, err
	}
	defer nk.wipe()
	// The KDF runs before the transaction, as for every new slot.
	sl, err := v.sealSlot("passphrase", admin.ID, passphrase, adminC)
	if err != nil {
		return nil, err
	}
	up := &upgrader{v: v, old: old, new: nk, admin: admin, authPub: authPub}
	defer up.wipe()
	err = v.inTx(func(tx *txn) error {
		up.tx = tx
		return up.run(newID{slot: sl, boxPub: adminBox, signPub: adminSign})
	})
	if errors.Is(err, errUpgradedMeanwhile) {
		return v.Unlock(admin.Name, passphrase) // another unlock upgraded it first: an ordinary unlock now
	}
	if err != nil {
		return nil, fmt.Errorf("vault: upgrade of the format-1 vault failed, the file is unchanged: %w", err)
	}
	if err := checkpoint(v.db); err != nil {
		return nil, err
	}
	s, err := v.startSessionCode(admin, sl.id, adminC, "") // format 1 had no second factor
	if err != nil {
		return nil, err
	}
	s.userMu.Lock()
	s.upgrade = &up.rep
	s.userMu.Unlock()
	return s, nil
}

// NeedsUpgrade reports whether the vault still uses key format 1: the next
// administrator unlock upgrades it.
func (v *Vault) NeedsUpgrade() (bool, error) { return v.keyFormat1() }
