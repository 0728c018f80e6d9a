package vault

import (
	"errors"
	"fmt"
	"time"
)

// ThrottledError is returned by Unlock and UnlockWithRecovery while the
// growing delay after repeated failures runs. It wraps ErrThrottled.
type ThrottledError struct {
	Wait time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("vault: too many failed unlock attempts, try again in %s", e.Wait.Round(time.Second))
}

// Unwrap returns ErrThrottled.
func (e *ThrottledError) Unwrap() error { return ErrThrottled }

// Throttling: after freeAttempts failures in a row, each attempt must wait
// 1 s, 2 s, 4 s, ... (at most maxDelay) after the previous failure. The
// counter is vault-wide so it does not reveal which user names exist.
const (
	freeAttempts = 3
	maxDelay     = 5 * time.Minute
)

func throttleDelay(failures int) time.Duration {
	if failures < freeAttempts {
		return 0
	}
	shift := min(failures-freeAttempts, 20)
	return min(time.Second<<shift, maxDelay)
}

func (v *Vault) checkThrottle() error {
	var n int
	var last int64
	if err := v.db.QueryRow("SELECT failed_unlocks, last_failed_at FROM vault_meta WHERE id = 1").Scan(&n, &last); err != nil {
		return fmt.Errorf("vault: read unlock counter: %w", err)
	}
	until := time.Unix(0, last).Add(throttleDelay(n))
	if wait := until.Sub(v.now()); wait > 0 {
		return &ThrottledError{Wait: wait}
	}
	return nil
}

// failedUnlock counts the failure and records a pending audit entry.
func (v *Vault) failedUnlock(userID, action, detail string) {
	now := v.now().UnixNano()
	_ = v.inTx(func(tx *txn) error {
		if _, err := tx.Exec("UPDATE vault_meta SET failed_unlocks = failed_unlocks + 1, last_failed_at = ? WHERE id = 1", now); err != nil {
			return err
		}
		_, err := tx.Exec("INSERT INTO audit_pending (at, user_id, action, object, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
			now, userID, action, objectUser(userID), outcomeFailed, detail)
		return err
	})
}

// Unlock verifies the user's passphrase and returns a session holding the
// keys. A wrong passphrase and an unknown user both give ErrWrongPassphrase
// after the same KDF work; a disabled user gets ErrUserDisabled only once the
// passphrase is verified. Repeated failures give *ThrottledError.
func (v *Vault) Unlock(username string, passphrase []byte) (*Session, error) {
	if s, handled, err := v.unlockFormat1(username, passphrase); handled { // upgrade_v1.go
		return s, err
	}
	if err := v.checkThrottle(); err != nil {
		return nil, err
	}
	u, err := findUser(v.db, "name", username)
	if errors.Is(err, ErrNotFound) {
		v.dummyKDF(passphrase)
		v.failedUnlock("", "unlock.failed", "unknown user")
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		return nil, err
	}
	sl, err := findSlot(v.db, "passphrase", u.ID)
	if errors.Is(err, ErrNotFound) && u.Disabled {
		// Disabling destroyed the slot: nothing left to verify.
		v.dummyKDF(passphrase)
		v.failedUnlock(u.ID, "unlock.failed", "disabled account")
		return nil, ErrUserDisabled
	}
	if errors.Is(err, ErrNotFound) && v.awaitingPassphrase(u) {
		v.dummyKDF(passphrase)
		return nil, ErrNewPassphraseNeeded
	}
	if err != nil {
		return nil, fmt.Errorf("%w: key slot of user %s: %w", ErrIntegrity, u.ID, err)
	}
	content, err := sl.unwrap(v.vaultID, passphrase)
	if errors.Is(err, ErrIntegrity) && !errors.Is(err, errSlotChanged) {
		v.failedUnlock(u.ID, "unlock.failed", "wrong passphrase")
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		v.failedUnlock(u.ID, "unlock.failed", "key slot changed")
		return nil, err
	}
	defer content.wipe()
	return v.startSession(u, sl.id, content, false)
}

// dummyKDF spends the same work as a real unlock (with the recovery slot's
// parameters) so an unknown user name takes as long as a wrong passphrase.
func (v *Vault) dummyKDF(passphrase []byte) {
	p := v.kdfParams()
	if sl, err := findSlot(v.db, "recovery", ""); err == nil && checkKDF(sl.params) == nil {
		p = sl.params
	}
	clear(deriveKey(passphrase, make([]byte, saltLen), p))
}

// UnlockWithRecovery opens an administrator session from the recovery code.
// The caller is expected to set a new passphrase (Session.ResetPassphrase)
// and may issue a new code (Session.NewRecoveryCode).
func (v *Vault) UnlockWithRecovery(code string) (*Session, error) {
	if err := v.checkKeyFormat(); err != nil {
		return nil, err
	}
	if err := v.checkThrottle(); err != nil {
		return nil, err
	}
	sl, err := findSlot(v.db, "recovery", "")
	if err != nil {
		return nil, fmt.Errorf("vault: recovery slot: %w", err)
	}
	raw, perr := parseRecoveryCode(code)
	if perr != nil {
		clear(deriveKey([]byte(code), sl.salt, sl.params)) // same work as a well-formed code
		v.failedUnlock("", "unlock.recovery.failed", "malformed recovery code")
		return nil, ErrWrongRecoveryCode
	}
	defer clear(raw)
	content, err := sl.unwrap(v.vaultID, raw)
	if errors.Is(err, ErrIntegrity) && !errors.Is(err, errSlotChanged) {
		v.failedUnlock("", "unlock.recovery.failed", "wrong recovery code")
		return nil, ErrWrongRecoveryCode
	}
	if err != nil {
		v.failedUnlock("", "unlock.recovery.failed", "key slot changed")
		return nil, err
	}
	defer content.wipe()
	return v.startSession(recoveryUser, sl.id, content, true)
}

// startSession derives the subkeys, moves pending audit entries into the
// chain, records the unlock and resets the failure counter.
func (v *Vault) startSession(u User, slotID string, content slotContent, recovery bool) (*Session, error) {
	k, rec, err := v.openKeys(u, slotID, content, recovery)
	if err != nil {
		return nil, err
	}
	u = rec.User
	action, outcome, detail := "unlock", outcomeOK, ""
	if recovery {
		action, detail = "unlock.recovery", "recovery code used"
	}
	if u.Disabled {
		outcome, detail = outcomeDenied, "user disabled"
	}
	err = v.inTx(func(tx *txn) error {
		if err := v.flushPending(tx, k); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE vault_meta SET failed_unlocks = 0 WHERE id = 1"); err != nil {
			return err
		}
		return v.audit(tx, k, u.ID, action, objectUser(u.ID), outcome, detail)
	})
	if err == nil && u.Disabled {
		err = ErrUserDisabled
	}
	if err != nil {
		k.wipe()
		return nil, err
	}
	return &Session{v: v, recovery: recovery, k: k, user: u, verified: append(rec.signed(), rec.sig...), lastUsed: v.now()}, nil
}
