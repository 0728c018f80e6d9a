package vault

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Test with errors.Is; messages never contain personal data.
var (
	// ErrWrongPassphrase is returned by Unlock for a wrong passphrase and for
	// an unknown user alike, so callers cannot probe for user names.
	ErrWrongPassphrase = errors.New("vault: wrong user name or passphrase")
	// ErrWrongRecoveryCode is returned by UnlockWithRecovery for a bad code.
	ErrWrongRecoveryCode = errors.New("vault: wrong recovery code")
	// ErrUserDisabled is returned by Unlock after the passphrase was verified
	// for a user an administrator has disabled.
	ErrUserDisabled = errors.New("vault: user is disabled")
	// ErrPermission is wrapped by *PermissionError.
	ErrPermission = errors.New("vault: permission denied")
	// ErrNotFound: no patient or user with that id or name.
	ErrNotFound = errors.New("vault: not found")
	// ErrIntegrity: a ciphertext, key slot or MAC failed authentication.
	ErrIntegrity = errors.New("vault: integrity check failed")
	// ErrLocked: the session was locked; unlock again.
	ErrLocked = errors.New("vault: session is locked")
	// ErrAuditBroken is wrapped by *AuditError.
	ErrAuditBroken = errors.New("vault: audit trail is broken")
	// ErrValidation is wrapped by *ValidationError.
	ErrValidation = errors.New("vault: invalid input")
	// ErrConflict: the record changed since it was read (stale Version).
	ErrConflict = errors.New("vault: record was changed by someone else")
	// ErrExists: a user name, MRN or vault file already exists.
	ErrExists = errors.New("vault: already exists")
	// ErrRestricted: the patient is under restriction (GDPR Art. 18) and is read-only.
	ErrRestricted = errors.New("vault: patient record is restricted")
	// ErrThrottled is wrapped by *ThrottledError after repeated failed unlocks.
	ErrThrottled = errors.New("vault: too many failed unlock attempts")
)

// PermissionError reports a denied action. It wraps ErrPermission.
type PermissionError struct {
	User string // user name (staff, not patient data)
	Role Role
	Perm Permission
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("vault: permission denied: user %q with role %s lacks %s", e.User, e.Role, e.Perm)
}

// Unwrap returns ErrPermission.
func (e *PermissionError) Unwrap() error { return ErrPermission }

// AuditError reports the first audit entry that failed verification. It wraps ErrAuditBroken.
type AuditError struct {
	Seq    int64
	Reason string
}

func (e *AuditError) Error() string {
	return fmt.Sprintf("vault: audit trail broken at entry %d: %s", e.Seq, e.Reason)
}

// Unwrap returns ErrAuditBroken.
func (e *AuditError) Unwrap() error { return ErrAuditBroken }

// FieldError names one invalid field. Message never repeats the value.
type FieldError struct {
	Field   string
	Message string
	// Rule is the broken rule as a code (FieldRules) where the validator
	// has one; "" for messages not coded yet. People read it worded.
	Rule FieldRule
	// Allowed lists the values the field accepts where the rule names
	// them (the region codes of a country); codes, never personal data.
	Allowed []string
}

// ValidationError lists every invalid field. It wraps ErrValidation.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "vault: invalid input: " + strings.Join(parts, "; ")
}

// Unwrap returns ErrValidation.
func (e *ValidationError) Unwrap() error { return ErrValidation }
