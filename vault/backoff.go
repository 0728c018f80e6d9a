package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Unlock back-off. Every attempt is counted as a failure in the same
// immediate transaction that checks the counters, before any key derivation
// runs, so parallel guesses queue on the write lock and each sees the ones
// before it. A successful unlock of an enabled account then resets its
// counters; a disabled account, an unknown name or a wrong second factor
// leave them as they are.
//
// Two counters apply to every attempt:
//   - the account's (the typed user name, or the recovery code): after
//     accountRule.free failures in a row each attempt waits 1 s, 2 s, 4 s, …
//     up to accountRule.cap after the previous failure;
//   - the vault's, across all names, with a much larger allowance, so a
//     few wrong guesses by anyone never lock out everyone, while spraying
//     guesses over many names is still slowed down.
//
// A last-failure time later than the clock's now (a clock that was in the
// future, or has been set back) is clamped to now, so no wait is ever longer
// than the rule's cap.
type backoffRule struct {
	free int
	cap  time.Duration
}

var (
	accountRule = backoffRule{free: 3, cap: 5 * time.Minute}
	vaultRule   = backoffRule{free: 30, cap: time.Minute}
)

// Back-off scopes (unlock_backoff.scope).
const (
	scopeVault    = "vault"
	scopeRecovery = "recovery"
)

// delay is the wait after failures failures in a row.
func (r backoffRule) delay(failures int) time.Duration {
	if failures < r.free {
		return 0
	}
	shift := min(failures-r.free, 30)
	return min(time.Second<<shift, r.cap)
}

// wait is how long an attempt at now must still wait, with the last
// failure clamped to now.
func (r backoffRule) wait(failures int, last, now time.Time) time.Duration {
	if last.After(now) {
		last = now
	}
	return max(last.Add(r.delay(failures)).Sub(now), 0)
}

// accountScope names the counter of a typed user name without storing the
// name: typed text may be anything, even a patient's name pasted by mistake.
func accountScope(vaultID, name string) string {
	m := hmac.New(sha256.New, []byte("custodia/v1/unlock-backoff|"+vaultID))
	m.Write([]byte(name))
	return "account:" + hex.EncodeToString(m.Sum(nil)[:16])
}

type backoffRow struct {
	failures int
	last     time.Time
}

func readBackoff(tx *txn, scope string) (backoffRow, error) {
	var r backoffRow
	var last int64
	err := tx.QueryRow("SELECT failures, last_failed_at FROM unlock_backoff WHERE scope = ?", scope).Scan(&r.failures, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return backoffRow{}, nil
	}
	if err != nil {
		return backoffRow{}, fmt.Errorf("vault: read unlock counter: %w", err)
	}
	r.last = time.Unix(0, last)
	return r, nil
}

// attempt is a counted unlock attempt: the scopes it was counted in, when,
// and each counter as it was before, so a cancelled attempt can be taken
// back (refund).
type attempt struct {
	at     time.Time
	scopes []string
	before []backoffRow
}

// reserve checks the account's and the vault's counters and, unless the
// attempt must wait (*ThrottledError, nothing counted), counts it as a
// failure, all in one immediate transaction, and returns what it counted
// (for refund). A last failure dated after now is rewritten to now, so the
// wait runs out by this clock.
func (v *Vault) reserve(scope string) (attempt, error) {
	now := v.now()
	var wait time.Duration
	a := attempt{at: now, scopes: []string{scope, scopeVault}}
	err := v.inTx(func(tx *txn) error {
		wait, a.before = 0, nil
		for _, c := range []struct {
			scope string
			rule  backoffRule
		}{{scope, accountRule}, {scopeVault, vaultRule}} {
			r, err := readBackoff(tx, c.scope)
			if err != nil {
				return err
			}
			if r.last.After(now) {
				if _, err := tx.Exec("UPDATE unlock_backoff SET last_failed_at = ? WHERE scope = ?", now.UnixNano(), c.scope); err != nil {
					return fmt.Errorf("vault: clamp unlock counter: %w", err)
				}
				r.last = now
			}
			a.before = append(a.before, r)
			wait = max(wait, c.rule.wait(r.failures, r.last, now))
		}
		if wait > 0 {
			return nil
		}
		for _, s := range a.scopes {
			if _, err := tx.Exec(`INSERT INTO unlock_backoff (scope, failures, last_failed_at) VALUES (?, 1, ?)
				ON CONFLICT (scope) DO UPDATE SET failures = failures + 1, last_failed_at = excluded.last_failed_at`, s, now.UnixNano()); err != nil {
				return fmt.Errorf("vault: count unlock attempt: %w", err)
			}
		}
		return nil
	})
	if err == nil && wait > 0 {
		return attempt{}, &ThrottledError{Wait: wait}
	}
	return a, err
}

// refund takes back an attempt that was cancelled before its secret was
// checked: nothing was learnt, so it must not count towards the delay.
// Each counter loses the one failure; its last-failure time goes back to
// the one before, unless a later attempt has moved it since.
func (v *Vault) refund(a attempt) error {
	return v.inTx(func(tx *txn) error {
		for i, scope := range a.scopes {
			r, err := readBackoff(tx, scope)
			if err != nil {
				return err
			}
			if err := refundScope(tx, scope, r, a.before[i], a.at); err != nil {
				return err
			}
		}
		return nil
	})
}

func refundScope(tx *txn, scope string, now, before backoffRow, at time.Time) error {
	var err error
	switch {
	case now.failures <= 1:
		_, err = tx.Exec("DELETE FROM unlock_backoff WHERE scope = ?", scope)
	case now.last.Equal(at) && !before.last.IsZero():
		_, err = tx.Exec("UPDATE unlock_backoff SET failures = failures - 1, last_failed_at = ? WHERE scope = ?", before.last.UnixNano(), scope)
	default:
		_, err = tx.Exec("UPDATE unlock_backoff SET failures = failures - 1 WHERE scope = ?", scope)
	}
	if err != nil {
		return fmt.Errorf("vault: take back a cancelled unlock attempt: %w", err)
	}
	return nil
}

// resetBackoff clears the counters after a successful unlock of an enabled
// account (or the recovery code), inside the session's first transaction.
func (v *Vault) resetBackoff(tx *txn, u User, recovery bool) error {
	if u.Disabled {
		return nil
	}
	scope := accountScope(v.vaultID, u.Name)
	if recovery {
		scope = scopeRecovery
	}
	_, err := tx.Exec("DELETE FROM unlock_backoff WHERE scope IN (?, ?)", scope, scopeVault)
	if err != nil {
		return fmt.Errorf("vault: reset unlock counter: %w", err)
	}
	return nil
}

// dummyParams are the Argon2id parameters an unknown user name is answered
// with: those of a real passphrase slot (the newest), so the work is the
// same as for a wrong passphrase. Never calibrated: calibration would cost
// several derivations and tell unknown names apart by time.
func (v *Vault) dummyParams() KDFParams {
	var p KDFParams
	err := v.db.QueryRow(`SELECT kdf_time, kdf_memory_kib, kdf_threads FROM key_slots
		WHERE kind = 'passphrase' ORDER BY updated_at DESC LIMIT 1`).Scan(&p.Time, &p.MemoryKiB, &p.Threads)
	if err != nil || checkKDF(p) != nil {
		return KDFParams{Time: minTime, MemoryKiB: minMemoryKiB, Threads: minThreads}
	}
	return p
}

// dummyWrapped has the shape of a wrapped master key (version, 24-byte
// nonce, padded key, tag) for the dummy unlock's decryption attempt.
func dummyWrapped() []byte {
	return append([]byte{formatV1}, make([]byte, 24+keyLen+padBlock+16)...)
}
