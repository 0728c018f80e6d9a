package vault

import (
	"bytes"
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
		return invalid("name", "must be non-empty without leading or trailing spaces")
	case len(name) > 64:
		return invalid("name", "is longer than 64 bytes")
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return invalid("name", "contains invalid or control characters")
	case name == recoveryUser.Name:
		return invalid("name", "is reserved")
	}
	if r, ok := invisibleRune(name); ok {
		return invalid("name", fmt.Sprintf("contains an invisible formatting character (U+%04X)", r))
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
	sl, err := s.sealFor("passphrase", u.ID, passphrase)
	if err != nil {
		return User{}, err
	}
	err = s.run(PermUserManage, "user.add", "user:"+u.ID, func(tx *txn, k *keys) error {
		if err := insertUser(tx, u); err != nil {
			return err
		}
		if err := s.v.storeSlot(tx, sl); err != nil {
			return err
		}
		return s.audit(tx, k, "user.add", "user:"+u.ID, outcomeOK, "role="+string(role))
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// ListUsers returns every user by name. Needs PermUserManage or PermAuditRead
// (to read the audit trail's user ids).
func (s *Session) ListUsers() ([]User, error) {
	perm := PermUserManage
	if !s.User().Role.Can(perm) {
		perm = PermAuditRead
	}
	var out []User
	err := s.runRead(perm, "user.list", "", func(tx *txn, k *keys) error {
		rows, err := tx.Query("SELECT id FROM users ORDER BY name")
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			u, err := findUser(tx, "id", id)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// SetRole changes a user's role. Needs PermUserManage. The last enabled
// administrator cannot be demoted (*ValidationError).
func (s *Session) SetRole(name string, role Role) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	return s.changeUser(name, "user.role", func(tx *txn, u User) (string, error) {
		if u.Role == RoleAdmin && role != RoleAdmin && !u.Disabled {
			if err := keepAnAdmin(tx, u.ID); err != nil {
				return "", err
			}
		}
		_, err := tx.Exec("UPDATE users SET role = ? WHERE id = ?", string(role), u.ID)
		return fmt.Sprintf("role=%s->%s", u.Role, role), err
	})
}

// DisableUser stops a user from unlocking; their open sessions fail with
// ErrUserDisabled. Needs PermUserManage. The last enabled administrator
// cannot be disabled (*ValidationError).
func (s *Session) DisableUser(name string) error {
	return s.changeUser(name, "user.disable", func(tx *txn, u User) (string, error) {
		if u.Role == RoleAdmin && !u.Disabled {
			if err := keepAnAdmin(tx, u.ID); err != nil {
				return "", err
			}
		}
		_, err := tx.Exec("UPDATE users SET disabled = 1 WHERE id = ?", u.ID)
		return "", err
	})
}

// EnableUser lifts DisableUser. Needs PermUserManage.
func (s *Session) EnableUser(name string) error {
	return s.changeUser(name, "user.enable", func(tx *txn, u User) (string, error) {
		_, err := tx.Exec("UPDATE users SET disabled = 0 WHERE id = ?", u.ID)
		return "", err
	})
}

// ResetPassphrase sets a new passphrase for another user (administrator or
// recovery session), rewriting only that user's key slot. Needs PermUserManage.
func (s *Session) ResetPassphrase(name string, newPassphrase []byte) error {
	if err := checkPassphrase(newPassphrase); err != nil {
		return err
	}
	// Seal outside the transaction for the user the name points to now; the
	// transaction checks that it still does.
	var sl slot
	if u, err := findUser(s.v.db, "name", name); err == nil {
		if sl, err = s.sealFor("passphrase", u.ID, newPassphrase); err != nil {
			return err
		}
	}
	return s.changeUser(name, "user.passphrase.reset", func(tx *txn, u User) (string, error) {
		if sl.userID != u.ID {
			return "", fmt.Errorf("%w: user %s changed during the reset", ErrConflict, u.ID)
		}
		return "", s.v.storeSlot(tx, sl)
	})
}

// sealFor seals the session's master key into a new slot, outside any
// transaction (see sealSlot).
func (s *Session) sealFor(kind, userID string, secret []byte) (slot, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return slot{}, ErrLocked
	}
	return s.v.sealSlot(kind, userID, secret, s.k.master)
}

// changeUser is the frame of the user-management methods.
func (s *Session) changeUser(name, action string, change func(*txn, User) (string, error)) error {
	return s.run(PermUserManage, action, "", func(tx *txn, k *keys) error {
		u, err := findUser(tx, "name", name)
		if err != nil {
			return err
		}
		detail, err := change(tx, u)
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
		return invalid("role", "the vault must keep at least one enabled administrator")
	}
	return nil
}

// ChangePassphrase verifies the old passphrase and rewrites the session
// user's own key slot; no other byte of the vault changes. Any role may change
// its own passphrase. Returns ErrWrongPassphrase if old is wrong. Both KDF
// runs happen outside the transaction.
func (s *Session) ChangePassphrase(old, newPassphrase []byte) error {
	if s.Locked() {
		return ErrLocked
	}
	if err := checkPassphrase(newPassphrase); err != nil {
		return err
	}
	if s.recovery {
		return invalid("session", "a recovery session has no passphrase; use ResetPassphrase")
	}
	u := s.User()
	cur, err := findSlot(s.v.db, "passphrase", u.ID)
	if err != nil {
		return err
	}
	master, err := cur.unwrap(s.v.vaultID, old)
	clear(master)
	if err != nil {
		return s.runAny("user.passphrase.change", func(*txn, *keys) error { return ErrWrongPassphrase })
	}
	sl, err := s.sealFor("passphrase", u.ID, newPassphrase)
	if err != nil {
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
	sl, err := s.sealFor("recovery", "", raw)
	if err != nil {
		return "", err
	}
	err = s.run(PermUserManage, "recovery.rotate", "", func(tx *txn, k *keys) error {
		if err := s.v.storeSlot(tx, sl); err != nil {
			return err
		}
		return s.audit(tx, k, "recovery.rotate", "", outcomeOK, "")
	})
	if err != nil {
		return "", err
	}
	return code, nil
}
