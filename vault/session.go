package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Session is an unlocked vault for one user. It holds the master key and its
// subkeys until Lock. Every method checks the user's current role and
// disabled flag (re-read from the file), enforces the permission matrix and
// writes the audit trail. A Session is safe for concurrent use.
type Session struct {
	v        *Vault
	recovery bool // opened with the recovery code: acts as an administrator

	mu sync.RWMutex // guards k; Lock takes it exclusively
	k  *keys

	userMu   sync.Mutex
	user     User
	verified []byte    // signed bytes and signature of the user record last verified; guarded by userMu
	lastUsed time.Time // guarded by userMu
	// mustEnrol: the practice requires a second factor the user has not
	// enrolled yet (totp.go); guarded by userMu.
	mustEnrol bool
	upgrade   *UpgradeReport // the format-1 upgrade this session's unlock made; guarded by userMu
	reads     auditReads     // the reads of the audit trail this session opened (audit_read.go)
}

// LastActivity is when the session last ran an operation (or was unlocked),
// by the vault's clock. The UI locks an idle session with it.
func (s *Session) LastActivity() time.Time {
	s.userMu.Lock()
	defer s.userMu.Unlock()
	return s.lastUsed
}

func (s *Session) touch() {
	now := s.v.now()
	s.userMu.Lock()
	s.lastUsed = now
	s.userMu.Unlock()
}

// recoveryUser is the identity of a session opened with the recovery code.
var recoveryUser = User{ID: "recovery", Name: "recovery", Role: RoleAdmin}

// Lock zeroes the keys held in memory. Every later call returns ErrLocked.
func (s *Session) Lock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k != nil {
		s.k.wipe()
		s.k = nil
	}
}

// Locked reports whether Lock was called.
func (s *Session) Locked() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.k == nil
}

// User is the session's user as last read from the vault.
func (s *Session) User() User {
	s.userMu.Lock()
	defer s.userMu.Unlock()
	return s.user
}

func (s *Session) setUser(u User) {
	s.userMu.Lock()
	s.user = u
	s.userMu.Unlock()
}

// currentUser re-reads the session's user so role changes and disabling take
// effect at once.
func (s *Session) currentUser(tx *txn) (User, error) {
	if s.recovery {
		return recoveryUser, nil
	}
	rec, err := findUserRecord(tx, "id", s.User().ID)
	if err != nil {
		return User{}, err
	}
	if err := s.checkRecord(rec); err != nil {
		return User{}, err
	}
	u := rec.User
	s.setUser(u)
	if u.Disabled {
		return u, ErrUserDisabled
	}
	return u, nil
}

// checkRecord verifies the authority's signature on the user record, once
// per distinct record: an edit of the role or disabled flag in the file is
// ErrIntegrity, not a change of rights.
func (s *Session) checkRecord(rec userRecord) error {
	seen := append(rec.signed(), rec.sig...)
	s.userMu.Lock()
	same := bytes.Equal(seen, s.verified)
	s.userMu.Unlock()
	if same {
		return nil
	}
	if err := rec.verify(s.k.authority); err != nil {
		return err
	}
	s.userMu.Lock()
	s.verified = seen
	s.userMu.Unlock()
	return nil
}

// run is the frame of every Session method that changes the vault: check
// the lock, load the user, check perm, then run fn in one durable
// transaction. Denials and failures of fn are audited in a transaction of
// their own (fn's was rolled back).
func (s *Session) run(perm Permission, action, object string, fn func(tx *txn, k *keys) error) error {
	return s.runMode(durable, perm, action, object, fn)
}

// runRead is run for operations that only read patient or audit data. Their
// audit entries are committed without waiting for fsync (see inTxMode).
func (s *Session) runRead(perm Permission, action, object string, fn func(tx *txn, k *keys) error) error {
	return s.runMode(relaxed, perm, action, object, fn)
}

func (s *Session) runMode(mode syncMode, perm Permission, action, object string, fn func(tx *txn, k *keys) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return ErrLocked
	}
	s.touch()
	if err := s.enrolmentGate(); err != nil {
		return err
	}
	err := s.v.inTxMode(mode, func(tx *txn) error {
		u, err := s.currentUser(tx)
		if err != nil {
			return err
		}
		if perm != permSignedIn && !u.Role.Can(perm) {
			return &PermissionError{User: u.Name, Role: u.Role, Perm: perm}
		}
		return fn(tx, s.k)
	})
	if err != nil {
		s.auditFailure(err, action, object)
	}
	return err
}

func (s *Session) auditDenied(tx *txn, k *keys, pe *PermissionError, action, object string) error {
	return s.audit(tx, k, "permission.denied", object, outcomeDenied, fmt.Sprintf("action=%s perm=%s role=%s", action, pe.Perm, pe.Role))
}

// auditFailure records a failed operation in its own transaction (the
// operation's own transaction was rolled back).
func (s *Session) auditFailure(opErr error, action, object string) {
	var pe *PermissionError
	class := failureClass(opErr)
	if class == "" {
		return
	}
	_ = s.v.inTx(func(tx *txn) error {
		if errors.As(opErr, &pe) {
			return s.auditDenied(tx, s.k, pe, action, object)
		}
		return s.audit(tx, s.k, action, object, outcomeFailed, class)
	})
}

func failureClass(err error) string {
	for _, c := range []struct {
		err  error
		name string
	}{
		{ErrPermission, "permission"}, {ErrNotFound, "not found"}, {ErrIntegrity, "integrity"},
		{ErrConflict, "conflict"}, {ErrRestricted, "restricted"}, {ErrValidation, "validation"},
		{ErrExists, "exists"}, {ErrWrongPassphrase, "wrong passphrase"},
		{context.Canceled, "cancelled"}, {context.DeadlineExceeded, "timed out"},
	} {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	return ""
}

// audit appends an entry in the session user's name.
func (s *Session) audit(tx *txn, k *keys, action, object, outcome, detail string) error {
	return s.v.audit(tx, k, s.User().ID, action, object, outcome, detail)
}

// Authorize checks, before a caller starts a multi-step action that the
// vault carries out in several calls (closing a data-subject request, say),
// that the session's user holds perm. A denial is returned as a
// *PermissionError wrapping ErrPermission and recorded in the audit trail
// under action and object, exactly like a denial inside any other vault
// call; an allowed check writes nothing. ErrLocked after Lock.
func (s *Session) Authorize(perm Permission, action, object string) error {
	return s.runMode(relaxed, perm, action, object, func(*txn, *keys) error { return nil })
}
