package vault

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// User is a member of staff with a login and a key slot.
type User struct {
	ID        string
	Name      string
	Role      Role
	Disabled  bool
	CreatedAt time.Time
}

func checkUserName(name string) error {
	switch {
	case name == "" || strings.TrimSpace(name) != name:
		return invalidRule("name", RuleUserNameSpaces)
	case len(name) > 64:
		return invalidRule("name", RuleTooLong)
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return invalidRule("name", RuleControl)
	case name == recoveryUser.Name:
		return invalidRule("name", RuleReserved)
	}
	if r, ok := invisibleRune(name); ok {
		return invalidRule("name", RuleInvisible, r)
	}
	return nil
}

// checkPassphrase applies the passphrase policy (policy.go).
func checkPassphrase(p []byte) error { return CheckPassphrase(p) }

func insertUser(tx *txn, u User) error {
	_, err := tx.Exec("INSERT INTO users (id, name, role, disabled, created_at) VALUES (?, ?, ?, 0, ?)",
		u.ID, u.Name, string(u.Role), u.CreatedAt.UnixNano())
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return fmt.Errorf("%w: user name is taken", ErrExists)
	}
	return err
}

// findUser loads a user by "id" or "name".
func findUser(q querier, by, value string) (User, error) {
	var u User
	var role string
	var created int64
	query := qUserByID
	if by == "name" {
		query = qUserByName
	}
	err := q.QueryRow(query, value).Scan(&u.ID, &u.Name, &role, &u.Disabled, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("%w: user", ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("vault: read user: %w", err)
	}
	u.Role, u.CreatedAt = Role(role), time.Unix(0, created).UTC()
	return u, nil
}

// AddUser creates a user with their own key slot. Needs PermUserManage.
// Returns ErrExists if the name is taken, *ValidationError for a bad name,
// role or short passphrase.
func (s *Session) AddUser(name string, role Role, passphrase []byte) (User, error) {
	return s.AddUserContext(context.Background(), name, role, passphrase)
}

// AddUserContext is AddUser that gives up when ctx is done before the new
// key slot's key derivation has ended and the user is stored: it returns
// ctx.Err() (context.Canceled) and writes nothing, no user, no slot, no
// audit entry. The derivation runs outside any transaction; once the
// transaction starts it runs to its end.
func (s *Session) AddUserContext(ctx context.Context, name string, role Role, passphrase []byte) (User, error) {
	if err := checkUserName(name); err != nil {
		return User{}, err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return User{}, err
	}
	if err := checkPassphrase(passphrase); err != nil {
		return User{}, err
	}
	u := User{ID: uuid.NewString(), Name: name, Role: role, CreatedAt: s.v.now().UTC()}
	id, err := s.newIdentityContext(ctx, "passphrase", u.ID, passphrase)
	if err != nil {
		return User{}, err
	}
	if err := ctx.Err(); err != nil {
		return User{}, err
	}
	err = s.run(PermUserManage, "user.add", "user:"+u.ID, func(tx *txn, k *keys) error {
		if err := insertUser(tx, u); err != nil {
			return err
		}
		if err := s.enrol(tx, k, userRecord{User: u}, id); err != nil {
			return err
		}
		return s.audit(tx, k, "user.add", "user:"+u.ID, outcomeOK, "role="+string(role))
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// newID is a new identity before it is stored: its sealed slot and public keys.
type newID struct {
	slot    slot
	boxPub  []byte
	signPub ed25519.PublicKey
}

// newIdentity makes fresh key pairs for a user (or the recovery code) and
// seals them into a slot under secret, outside any transaction.
func (s *Session) newIdentity(kind, userID string, secret []byte) (newID, error) {
	return s.newIdentityContext(context.Background(), kind, userID, secret)
}

// newIdentityContext is newIdentity that gives up (ctx.Err()) when ctx is
// done before the slot's key derivation ends.
func (s *Session) newIdentityContext(ctx context.Context, kind, userID string, secret []byte) (newID, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return newID{}, ErrLocked
	}
	c, boxPub, signPub := newSlotContent(s.k.authority)
	defer c.wipe()
	sl, err := s.v.sealSlotContext(ctx, kind, userID, secret, c)
	return newID{slot: sl, boxPub: boxPub, signPub: signPub}, err
}

// enrol stores, inside tx, what makes a new identity usable: its slot, its
// signing key pinned by the authority, its signed user record (not for the
// recovery code) and its role's key grant. Needs the authority key.
func (s *Session) enrol(tx *txn, k *keys, rec userRecord, id newID) error {
	auth, err := k.authorityKey()
	if err != nil {
		return err
	}
	if rec.signKey, err = pinSigningKey(tx, rec.ID, id.signPub, auth, s.v.now()); err != nil {
		return err
	}
	rec.boxPub = id.boxPub
	if rec.ID != recoveryUser.ID {
		if err := storeUserRecord(tx, rec, auth); err != nil {
			return err
		}
	}
	if err := writeGrant(tx, k, rec.ID, rec.Role, id.boxPub); err != nil {
		return err
	}
	return s.v.storeSlot(tx, id.slot)
}

// writeGrant seals role's keys to boxPub for id, signed by the authority.
func writeGrant(tx *txn, k *keys, id string, role Role, boxPub []byte) error {
	auth, err := k.authorityKey()
	if err != nil {
		return err
	}
	b, err := k.roleBundle(role)
	if err != nil {
		return err
	}
	g, err := sealGrant(k.vaultID, id, role, k.generation, b, boxPub, auth)
	if err != nil {
		return err
	}
	return storeGrant(tx, g)
}

// ListUsers returns every user by name. Needs PermUserManage or PermAuditRead
// (to read the audit trail's user ids); a role with neither is refused
// for PermUserManage, the permission listing users belongs to.
func (s *Session) ListUsers() ([]User, error) {
	perm := PermUserManage
	if r := s.User().Role; !r.Can(perm) && r.Can(PermAuditRead) {
		perm = PermAuditRead
	}
	var out []User
	err := s.runRead(perm, "user.list", "", func(tx *txn, k *keys) error {
		var err error
		out, err = readUsers(tx, k)
		return err
	})
	return out, err
}

// readUsers reads every user record in name order, each verified against
// the authority's signature (an edited row is ErrIntegrity).
func readUsers(tx *txn, k *keys) ([]User, error) {
	rows, err := tx.Query("SELECT id FROM users ORDER BY name")
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]User, 0, len(ids))
	for _, id := range ids {
		rec, err := findUserRecord(tx, "id", id)
		if err != nil {
			return nil, err
		}
		if err := rec.verify(k.authority); err != nil {
			return nil, err
		}
		out = append(out, rec.User)
	}
	return out, nil
}

// SetRole changes a user's role. Needs PermUserManage. The last enabled
// administrator cannot be demoted (*ValidationError).
func (s *Session) SetRole(name string, role Role) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	return s.changeUserK(name, "user.role", func(tx *txn, k *keys, u User) (string, error) {
		if u.Role == RoleAdmin && role != RoleAdmin && !u.Disabled {
			if err := keepAnAdmin(tx, u.ID); err != nil {
				return "", err
			}
		}
		rec, err := findUserRecord(tx, "id", u.ID)
		if err != nil {
			return "", err
		}
		if err := s.checkOther(rec); err != nil {
			return "", err
		}
		rec.Role = role
		if err := s.resign(tx, k, rec); err != nil {
			return "", err
		}
		if !rec.Disabled && len(rec.boxPub) != 0 { // no keys yet (upgraded format-1 vault): ResetPassphrase issues them
			if err := writeGrant(tx, k, rec.ID, role, rec.boxPub); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("role=%s->%s", u.Role, role), nil
	})
}

// checkOther verifies another user's record before an administrator
// builds on it (a record edited in the file is ErrIntegrity).
func (s *Session) checkOther(rec userRecord) error {
	return rec.verify(s.k.authority)
}

// resign stores rec signed by the authority.
func (s *Session) resign(tx *txn, k *keys, rec userRecord) error {
	auth, err := k.authorityKey()
	if err != nil {
		return err
	}
	return storeUserRecord(tx, rec, auth)
}

// DisableUser stops a user from unlocking; their open sessions fail with
// ErrUserDisabled. Needs PermUserManage. The last enabled administrator
// cannot be disabled (*ValidationError).
func (s *Session) DisableUser(name string) error {
	return s.changeUserK(name, "user.disable", func(tx *txn, k *keys, u User) (string, error) {
		if u.Role == RoleAdmin && !u.Disabled {
			if err := keepAnAdmin(tx, u.ID); err != nil {
				return "", err
			}
		}
		rec, err := findUserRecord(tx, "id", u.ID)
		if err != nil {
			return "", err
		}
		if err := s.checkOther(rec); err != nil {
			return "", err
		}
		rec.Disabled = true
		if err := s.resign(tx, k, rec); err != nil {
			return "", err
		}
		for _, q := range []string{"DELETE FROM key_slots WHERE id = ?", "DELETE FROM key_grants WHERE id = ?"} {
			if _, err := tx.Exec(q, u.ID); err != nil {
				return "", fmt.Errorf("vault: destroy key slot of %s: %w", u.ID, err)
			}
		}
		return "key slot destroyed", nil
	})
}

// EnableUser lifts DisableUser when the user still has a key slot (an
// account disabled by a format-1 vault). Disabling destroys the slot, so
// re-enabling normally needs a new passphrase: EnableUserWithPassphrase;
// without one this returns *ValidationError. Needs PermUserManage.
func (s *Session) EnableUser(name string) error {
	return s.changeUserK(name, "user.enable", func(tx *txn, k *keys, u User) (string, error) {
		if !hasRow(tx, "SELECT 1 FROM key_slots WHERE id = ?", u.ID) {
			return "", invalidRule("passphrase", RuleKeysDestroyed)
		}
		rec, err := findUserRecord(tx, "id", u.ID)
		if err != nil {
			return "", err
		}
		if err := s.checkOther(rec); err != nil {
			return "", err
		}
		rec.Disabled = false
		return "", s.resign(tx, k, rec)
	})
}

// EnableUserWithPassphrase re-enables a disabled user with a new
// passphrase set by the administrator: new key pairs, a new slot and a
// grant for the user's role. Needs PermUserManage.
func (s *Session) EnableUserWithPassphrase(name string, passphrase []byte) error {
	return s.reissue(name, passphrase, "user.enable", true)
}

// ResetPassphrase sets a new passphrase for another user (administrator or
// recovery session), rewriting only that user's key slot. Needs PermUserManage.
func (s *Session) ResetPassphrase(name string, newPassphrase []byte) error {
	return s.reissue(name, newPassphrase, "user.passphrase.reset", false)
}

// reissue gives a user new key pairs under a passphrase the administrator
// sets (the old private keys are in the old slot, which the administrator
// cannot open): a new slot, a newly pinned signing key (the old one stays
// pinned for the entries it signed), a new grant and a re-signed record.
// enable also lifts the disabled flag; otherwise a disabled user is refused.
func (s *Session) reissue(name string, passphrase []byte, action string, enable bool) error {
	if err := checkPassphrase(passphrase); err != nil {
		return err
	}
	// Seal outside the transaction for the user the name points to now; the
	// transaction checks that it still does.
	var id newID
	if u, err := findUser(s.v.db, "name", name); err == nil {
		if id, err = s.newIdentity("passphrase", u.ID, passphrase); err != nil {
			return err
		}
	}
	return s.changeUserK(name, action, func(tx *txn, k *keys, u User) (string, error) {
		if id.slot.userID != u.ID {
			return "", fmt.Errorf("%w: user %s changed during the reset", ErrConflict, u.ID)
		}
		rec, err := findUserRecord(tx, "id", u.ID)
		if err != nil {
			return "", err
		}
		if err := s.checkOther(rec); err != nil {
			return "", err
		}
		if rec.Disabled && !enable {
			return "", invalidRule("name", RuleAccountDisabled)
		}
		rec.Disabled = false
		if err := s.enrol(tx, k, rec, id); err != nil {
			return "", err
		}
		// The second factor is sealed to the old key pair (totp.go): the
		// user enrols again.
		removed, err := s.v.removeTOTP(tx, k, s.User().ID, u.ID, false)
		if err != nil || !removed {
			return "", err
		}
		return "second factor removed", nil
	})
}

// sealSlotFor reseals an existing slot content under a new secret, outside
// any transaction (see sealSlot).
func (s *Session) sealSlotFor(ctx context.Context, kind, userID string, secret []byte, c slotContent) (slot, error) {
	if s.Locked() {
		return slot{}, ErrLocked
	}
	return s.v.sealSlotContext(ctx, kind, userID, secret, c)
}

// changeUserK is the frame of the user-management methods.
func (s *Session) changeUserK(name, action string, change func(*txn, *keys, User) (string, error)) error {
	return s.run(PermUserManage, action, "", func(tx *txn, k *keys) error {
		u, err := findUser(tx, "name", name)
		if err != nil {
			return err
		}
		detail, err := change(tx, k, u)
		if err != nil {
			return err
		}
		return s.audit(tx, k, action, "user:"+u.ID, outcomeOK, detail)
	})
}

// keepAnAdmin fails unless an enabled administrator other than userID exists.
func keepAnAdmin(tx *txn, userID string) error {
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?", userID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return invalidRule("role", RuleLastAdmin)
	}
	return nil
}

// ChangePassphrase verifies the old passphrase and rewrites the session
// user's own key slot; no other byte of the vault changes. Any role may change
// its own passphrase. Returns ErrWrongPassphrase if old is wrong. Both KDF
// runs happen outside the transaction.
func (s *Session) ChangePassphrase(old, newPassphrase []byte) error {
	return s.ChangePassphraseContext(context.Background(), old, newPassphrase)
}

// ChangePassphraseContext is ChangePassphrase that gives up when ctx is
// done before both key derivations have ended and the slot is written: it
// returns ctx.Err() (context.Canceled) and writes nothing (the old
// passphrase still opens the vault, no audit entry; a cancel while the old
// passphrase is checked counts no failure). Once the transaction starts it
// runs to its end.
func (s *Session) ChangePassphraseContext(ctx context.Context, old, newPassphrase []byte) error {
	if s.Locked() {
		return ErrLocked
	}
	if err := checkPassphrase(newPassphrase); err != nil {
		return err
	}
	if s.recovery {
		return invalidRule("session", RuleRecoverySession)
	}
	u := s.User()
	cur, err := findSlot(s.v.db, "passphrase", u.ID)
	if err != nil {
		return err
	}
	content, err := cur.unwrapContext(ctx, s.v.vaultID, old)
	if errors.Is(err, errSlotChanged) || isCancel(err) {
		return err
	}
	if err != nil {
		return s.runAny("user.passphrase.change", func(*txn, *keys) error { return ErrWrongPassphrase })
	}
	defer content.wipe()
	sl, err := s.sealSlotFor(ctx, "passphrase", u.ID, newPassphrase, content)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.runAny("user.passphrase.change", func(tx *txn, k *keys) error {
		now, err := findSlot(tx, "passphrase", u.ID)
		if err != nil {
			return err
		}
		if !bytes.Equal(now.salt, cur.salt) {
			return fmt.Errorf("%w: the passphrase of user %s was changed meanwhile", ErrConflict, u.ID)
		}
		if err := s.v.storeSlot(tx, sl); err != nil {
			return err
		}
		return s.audit(tx, k, "user.passphrase.change", "user:"+u.ID, outcomeOK, "")
	})
}

// runAny is run for actions every enabled user may take on their own account.
func (s *Session) runAny(action string, fn func(*txn, *keys) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return ErrLocked
	}
	err := s.v.inTx(func(tx *txn) error {
		if _, err := s.currentUser(tx); err != nil {
			return err
		}
		return fn(tx, s.k)
	})
	if err != nil {
		s.auditFailure(err, action, objectUser(s.User().ID))
	}
	return err
}

// NewRecoveryCode replaces the recovery slot and returns the new code (shown
// once); the old code stops working. Needs PermUserManage.
func (s *Session) NewRecoveryCode() (string, error) {
	code, raw := newRecoveryCode()
	defer clear(raw)
	id, err := s.newIdentity("recovery", "", raw)
	if err != nil {
		return "", err
	}
	err = s.run(PermUserManage, "recovery.rotate", "", func(tx *txn, k *keys) error {
		if err := s.enrol(tx, k, userRecord{User: recoveryUser}, id); err != nil {
			return err
		}
		return s.audit(tx, k, "recovery.rotate", "", outcomeOK, "")
	})
	if err != nil {
		return "", err
	}
	return code, nil
}
