package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"custodia/app"
	"custodia/consent"
	"custodia/vault"
	"custodia/vault/patientcsv"
)

// describeDomain maps the errors of the domain packages and the operating
// system to messages and exit codes. The vault promises that its errors
// hold no personal data; the messages here use only the typed fields.
func describeDomain(err error) (string, int, bool) {
	if msg, code, ok := describeTyped(err); ok {
		return msg, code, true
	}
	for _, m := range sentinels {
		if errors.Is(err, m.err) {
			return m.msg, m.code, true
		}
	}
	return "", 0, false
}

var sentinels = []struct {
	err  error
	code int
	msg  string
}{
	{vault.ErrWrongPassphrase, exitWrongPassphrase, "wrong user name or passphrase"},
	{vault.ErrWrongRecoveryCode, exitWrongPassphrase, "wrong recovery code"},
	{vault.ErrTOTPRequired, exitWrongPassphrase, "this account needs a second-factor code: use --code or set " + envTOTPCode},
	{vault.ErrWrongTOTP, exitWrongPassphrase, "wrong or already used second-factor code"},
	{vault.ErrTOTPEnrolment, exitPermission, "the practice requires a second factor for your role: run \"custodiactl user totp enrol\" first"},
	{vault.ErrUserDisabled, exitPermission, "this user account is disabled; ask an administrator"},
	{vault.ErrUpgradeNeedsAdmin, exitPermission, "this vault was made by an earlier version of Custodia: an administrator must open it first (with their own user name and passphrase) to bring it up to date"},
	{vault.ErrNewPassphraseNeeded, exitPermission, "this account needs a new passphrase since the vault was brought up to date: ask an administrator to set one (custodiactl user passwd NAME)"},
	{vault.ErrRestricted, exitPermission, "the patient record is restricted (GDPR Art. 18) and read-only"},
	{vault.ErrPermission, exitPermission, "permission denied"},
	{vault.ErrNotFound, exitNotFound, "not found"},
	{vault.ErrIntegrity, exitIntegrity, "integrity check failed: the vault was altered or damaged"},
	{vault.ErrAuditBroken, exitIntegrity, "the audit trail is broken"},
	{vault.ErrExists, exitValidation, "already exists"},
	{vault.ErrConflict, exitValidation, "the record was changed by someone else; show it again and retry"},
	{vault.ErrValidation, exitValidation, "invalid input"},
	{patientcsv.ErrInvalid, exitValidation, "invalid CSV file; nothing was imported"},
	{vault.ErrLocked, exitInternal, "the vault session is locked"},
	{consent.ErrPermission, exitPermission, "permission denied"},
	{consent.ErrNotFound, exitNotFound, "not found"},
	{consent.ErrDuplicate, exitValidation, "an open request of the same patient and type exists"},
	{consent.ErrExists, exitValidation, "already exists"},
	{consent.ErrConflict, exitValidation, "the record was changed by someone else; show it again and retry"},
	{consent.ErrImmutable, exitValidation, "cannot be changed: it is part of the append-only record"},
	{consent.ErrNotDecided, exitValidation, "a decision this step needs is not recorded yet"},
	{consent.ErrTransition, exitValidation, "not allowed in the request's current state"},
	{consent.ErrInvalid, exitValidation, "invalid input"},
	{fs.ErrNotExist, exitNotFound, "file not found"},
	{fs.ErrPermission, exitPermission, "permission denied by the operating system"},
}

// describeTyped handles the errors whose fields make a better message.
func describeTyped(err error) (string, int, bool) {
	var (
		perm   *vault.PermissionError
		audit  *vault.AuditError
		valid  *vault.ValidationError
		csv    *patientcsv.Error
		thr    *vault.ThrottledError
		uce    *app.Error
		erased *consent.ErasedError
	)
	switch {
	case errors.As(err, &uce):
		return uce.Msg, appExitCode(uce.Kind), true
	case errors.As(err, &erased):
		return erased.Error() + " (GDPR Art. 17)", exitValidation, true
	case errors.As(err, &perm):
		return fmt.Sprintf("permission denied: role %s lacks %s", perm.Role, perm.Perm), exitPermission, true
	case errors.As(err, &audit):
		return fmt.Sprintf("the audit trail is broken at entry %d: %s", audit.Seq, audit.Reason), exitIntegrity, true
	case errors.As(err, &valid):
		return "invalid input: " + fieldList(valid.Fields), exitValidation, true
	case errors.As(err, &csv):
		return "nothing was imported: " + strings.TrimPrefix(csv.Error(), "patientcsv: "), exitValidation, true
	case errors.As(err, &thr):
		return fmt.Sprintf("too many failed unlock attempts; try again in %s", thr.Wait.Round(1e9)), exitWrongPassphrase, true
	}
	return "", 0, false
}

func fieldList(fields []vault.FieldError) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.Field + " " + f.Message
	}
	return strings.Join(parts, "; ")
}
