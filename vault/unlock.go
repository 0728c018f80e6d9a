package vault

import (
	"context"
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

// failedUnlock records a pending audit entry; the attempt was already
// counted by reserve (backoff.go).
func (v *Vault) failedUnlock(userID, action, detail string) {
	now := v.now().UnixNano()
	_ = v.inTx(func(tx *txn) error {
		_, err := tx.Exec("INSERT INTO audit_pending (at, user_id, action, object, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
			now, userID, action, objectUser(userID), outcomeFailed, detail)
		return err
	})
}

// Unlock verifies the user's passphrase and returns a session holding the
// keys. A wrong passphrase and an unknown user both give ErrWrongPassphrase
// after the same KDF work; a disabled user gets ErrUserDisabled only once the
// passphrase is verified. Repeated failures give *ThrottledError. A user
// with a second factor gets ErrTOTPRequired: use UnlockWithCode.
func (v *Vault) Unlock(username string, passphrase []byte) (*Session, error) {
	return v.UnlockWithCodeContext(context.Background(), username, passphrase, "")
}

// UnlockContext is Unlock that can be cancelled while the key derivation
// runs (see UnlockWithCodeContext).
func (v *Vault) UnlockContext(ctx context.Context, username string, passphrase []byte) (*Session, error) {
	return v.UnlockWithCodeContext(ctx, username, passphrase, "")
}

// UnlockWithCode is Unlock with a second-factor code (TOTP or a backup
// code; totp.go), ignored for users without one.
func (v *Vault) UnlockWithCode(username string, passphrase []byte, code string) (*Session, error) {
	return v.UnlockWithCodeContext(context.Background(), username, passphrase, code)
}

// UnlockWithCodeContext is UnlockWithCode that gives up when ctx is done
// before the passphrase has been checked: it returns ctx.Err()
// (context.Canceled), writes nothing, leaves the vault locked and takes
// back the attempt it counted, so a cancelled attempt never adds to the
// delay after failures. The abandoned derivation ends in the background
// and its key is cleared unused (deriveKeyContext). Once the passphrase is
// checked the unlock runs to its end. A vault still in key format 1 is
// upgraded without interruption (ctx is only checked before it starts).
func (v *Vault) UnlockWithCodeContext(ctx context.Context, username string, passphrase []byte, code string) (*Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s, handled, err := v.unlockFormat1(username, passphrase); handled { // upgrade_v1.go
		return s, err
	}
	a, err := v.reserve(accountScope(v.vaultID, username))
	if err != nil {
		return nil, err
	}
	s, err := v.unlockUser(ctx, username, passphrase, code)
	return s, v.cancelled(a, err)
}

// cancelled takes back attempt a when err says the caller gave up.
func (v *Vault) cancelled(a attempt, err error) error {
	if !isCancel(err) {
		return err
	}
	if rerr := v.refund(a); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// isCancel reports whether err says the caller gave up (its context was
// cancelled or ran out of time).
func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func (v *Vault) unlockUser(ctx context.Context, username string, passphrase []byte, code string) (*Session, error) {
	u, err := findUser(v.db, "name", username)
	if errors.Is(err, ErrNotFound) {
		return nil, v.dummyFailure(ctx, passphrase, "", "unknown user", ErrWrongPassphrase)
	}
	if err != nil {
		return nil, err
	}
	sl, err := findSlot(v.db, "passphrase", u.ID)
	if errors.Is(err, ErrNotFound) && u.Disabled {
		// Disabling destroyed the slot: nothing left to verify.
		return nil, v.dummyFailure(ctx, passphrase, u.ID, "disabled account", ErrUserDisabled)
	}
	if errors.Is(err, ErrNotFound) && v.awaitingPassphrase(u) {
		if err := v.dummyKDF(ctx, passphrase); err != nil {
			return nil, err
		}
		return nil, ErrNewPassphraseNeeded
	}
	if err != nil {
		return nil, fmt.Errorf("%w: key slot of user %s: %w", ErrIntegrity, u.ID, err)
	}
	content, err := sl.unwrapContext(ctx, v.vaultID, passphrase)
	if isCancel(err) {
		return nil, err // cancelled before the passphrase was checked
	}
	if errors.Is(err, ErrIntegrity) && !errors.Is(err, errSlotChanged) {
		v.failedUnlock(u.ID, "unlock.failed", "wrong passphrase")
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		v.failedUnlock(u.ID, "unlock.failed", "key slot changed")
		return nil, err
	}
	defer content.wipe()
	return v.startSessionCode(u, sl.id, content, code)
}

// dummyFailure spends a real unlock's work (dummyKDF), records the failed
// attempt and returns failure; ctx.Err() when cancelled first.
func (v *Vault) dummyFailure(ctx context.Context, passphrase []byte, userID, detail string, failure error) error {
	if err := v.dummyKDF(ctx, passphrase); err != nil {
		return err
	}
	v.failedUnlock(userID, "unlock.failed", detail)
	return failure
}

// dummyKDF spends the same work as a real unlock (the parameters of a real
// passphrase slot, backoff.go) so an unknown user name takes as long as a
// wrong passphrase. It returns ctx.Err() when cancelled first.
func (v *Vault) dummyKDF(ctx context.Context, passphrase []byte) error {
	kek, err := deriveKeyContext(ctx, passphrase, make([]byte, saltLen), v.dummyParams())
	if err != nil {
		return err
	}
	defer clear(kek)
	_, _ = open(kek, dummyWrapped(), associatedData(v.vaultID, "key_slots", "dummy", "dummy"))
	return nil
}

// UnlockWithRecovery opens an administrator session from the recovery code.
// The caller is expected to set a new passphrase (Session.ResetPassphrase)
// and may issue a new code (Session.NewRecoveryCode).
func (v *Vault) UnlockWithRecovery(code string) (*Session, error) {
	return v.UnlockWithRecoveryContext(context.Background(), code)
}

// UnlockWithRecoveryContext is UnlockWithRecovery that gives up, like
// UnlockWithCodeContext, when ctx is done before the code has been checked.
func (v *Vault) UnlockWithRecoveryContext(ctx context.Context, code string) (*Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := v.checkKeyFormat(); err != nil {
		return nil, err
	}
	a, err := v.reserve(scopeRecovery)
	if err != nil {
		return nil, err
	}
	s, err := v.unlockRecovery(ctx, code)
	return s, v.cancelled(a, err)
}

func (v *Vault) unlockRecovery(ctx context.Context, code string) (*Session, error) {
	sl, err := findSlot(v.db, "recovery", "")
	if err != nil {
		return nil, fmt.Errorf("vault: recovery slot: %w", err)
	}
	raw, perr := parseRecoveryCode(code)
	if perr != nil {
		kek, err := deriveKeyContext(ctx, []byte(code), sl.salt, sl.params) // same work as a well-formed code
		if err != nil {
			return nil, err
		}
		clear(kek)
		v.failedUnlock("", "unlock.recovery.failed", "malformed recovery code")
		return nil, ErrWrongRecoveryCode
	}
	defer clear(raw)
	content, err := sl.unwrapContext(ctx, v.vaultID, raw)
	if isCancel(err) {
		return nil, err // cancelled before the code was checked
	}
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
	return v.startSessionWith(u, slotID, content, recovery, nil)
}

// startSessionCode is startSession for a passphrase unlock: the second
// factor (totp.go) is checked once the keys are open, and a user the
// practice requires one of gets a session gated to enrolling it.
func (v *Vault) startSessionCode(u User, slotID string, content slotContent, code string) (*Session, error) {
	var enrol bool
	s, err := v.startSessionWith(u, slotID, content, false, func(k *keys) error {
		if err := v.secondFactor(u, k, code); err != nil {
			return err
		}
		var err error
		enrol, err = v.needsEnrolment(u, k)
		return err
	})
	if s != nil {
		s.setMustEnrol(enrol)
	}
	return s, err
}

func (v *Vault) startSessionWith(u User, slotID string, content slotContent, recovery bool, check func(*keys) error) (*Session, error) {
	k, rec, err := v.openKeys(u, slotID, content, recovery)
	if err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(k); err != nil {
			k.wipe()
			return nil, err
		}
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
		if err := v.resetBackoff(tx, u, recovery); err != nil {
			return err
		}
		if err := v.ensureJournalKey(tx, k); err != nil {
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
	s := &Session{v: v, recovery: recovery, k: k, user: u, verified: append(rec.signed(), rec.sig...), lastUsed: v.now()}
	s.migrateDiagnoses()
	return s, nil
}
