package main

import (
	"context"
	"errors"
	"io/fs"
	"strings"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
	"custodia/vault/patientcsv"
)

// describeDomain maps the errors of the domain packages and the operating
// system to messages and exit codes. The vault promises that its errors
// hold no personal data; the messages here use only the typed fields.
func describeDomain(loc *i18n.Localizer, err error) (string, int, bool) {
	if msg, code, ok := describeTyped(loc, err); ok {
		return msg, code, true
	}
	for _, m := range sentinels {
		if errors.Is(err, m.err) {
			return loc.T(m.msg, "Env", envTOTPCode), m.code, true
		}
	}
	return "", 0, false
}

var sentinels = []struct {
	err  error
	code int
	msg  string
}{
	{vault.ErrWrongPassphrase, exitWrongPassphrase, "cli.error.wrongpassphrase"},
	{vault.ErrWrongRecoveryCode, exitWrongPassphrase, "cli.error.wrongrecoverycode"},
	{vault.ErrTOTPRequired, exitWrongPassphrase, "cli.error.totprequired"},
	{vault.ErrWrongTOTP, exitWrongPassphrase, "cli.error.wrongtotp"},
	{vault.ErrTOTPEnrolment, exitPermission, "cli.error.totpenrolment"},
	{vault.ErrUserDisabled, exitPermission, "cli.error.userdisabled"},
	{vault.ErrUpgradeNeedsAdmin, exitPermission, "cli.error.upgradeneedsadmin"},
	{vault.ErrNewPassphraseNeeded, exitPermission, "cli.error.newpassphraseneeded"},
	{vault.ErrRestricted, exitPermission, "cli.error.restricted"},
	{vault.ErrPermission, exitPermission, "cli.error.permission"},
	{vault.ErrNotFound, exitNotFound, "cli.error.notfound"},
	{vault.ErrIntegrity, exitIntegrity, "cli.error.integrity"},
	{vault.ErrAuditBroken, exitIntegrity, "cli.error.auditbroken"},
	{vault.ErrExists, exitValidation, "cli.error.exists"},
	{vault.ErrConflict, exitValidation, "cli.error.conflict"},
	{vault.ErrValidation, exitValidation, "cli.error.validation"},
	{patientcsv.ErrInvalid, exitValidation, "cli.error.csvinvalid"},
	{vault.ErrLocked, exitInternal, "cli.error.locked"},
	{consent.ErrPermission, exitPermission, "cli.error.consentpermission"},
	{consent.ErrNotFound, exitNotFound, "cli.error.consentnotfound"},
	{consent.ErrDuplicate, exitValidation, "cli.error.consentduplicate"},
	{consent.ErrExists, exitValidation, "cli.error.consentexists"},
	{consent.ErrConflict, exitValidation, "cli.error.consentconflict"},
	{consent.ErrImmutable, exitValidation, "cli.error.consentimmutable"},
	{consent.ErrNotDecided, exitValidation, "cli.error.consentnotdecided"},
	{consent.ErrTransition, exitValidation, "cli.error.consenttransition"},
	{consent.ErrInvalid, exitValidation, "cli.error.consentinvalid"},
	{fs.ErrNotExist, exitNotFound, "cli.error.fsnotexist"},
	{fs.ErrPermission, exitPermission, "cli.error.fspermission"},
	{context.Canceled, exitCancelled, "cancel.cli.cancelled"},
}

// describeTyped handles the errors whose fields make a better message.
func describeTyped(loc *i18n.Localizer, err error) (string, int, bool) {
	var (
		perm   *vault.PermissionError
		audit  *vault.AuditError
		valid  *vault.ValidationError
		cvalid *consent.ValidationError
		csv    *patientcsv.Error
		thr    *vault.ThrottledError
		uce    *app.Error
		erased *consent.ErasedError
		step   *consent.StepError
	)
	switch {
	case errors.As(err, &uce):
		if msg, ok := app.ErrorMessage(loc, err, true); ok {
			return msg, appExitCode(uce.Kind), true
		}
		return uce.Msg, appExitCode(uce.Kind), true
	case errors.As(err, &step):
		msg, _ := app.StepMessage(loc, err)
		return msg, exitValidation, true
	case errors.As(err, &erased):
		return loc.T("domaintext.erased", "Date", erasedOn(loc, erased), "Request", erased.RequestID), exitValidation, true
	case errors.As(err, &perm):
		return loc.T("cli.error.role", "Role", perm.Role, "Perm", perm.Perm), exitPermission, true
	case errors.As(err, &audit):
		return loc.T("cli.error.auditat", "Seq", audit.Seq, "Reason", audit.Reason), exitIntegrity, true
	case errors.As(err, &valid):
		return loc.T("cli.error.invalidfields", "Fields", fieldList(loc, err)), exitValidation, true
	case errors.As(err, &cvalid):
		return loc.T("cli.error.invalidfields", "Fields", fieldList(loc, err)), exitValidation, true
	case errors.As(err, &csv):
		return loc.T("cli.error.csv", "Problem", strings.TrimPrefix(csv.Error(), "patientcsv: ")), exitValidation, true
	case errors.As(err, &thr):
		return loc.T("cli.error.throttled", "Wait", thr.Wait.Round(1e9)), exitWrongPassphrase, true
	}
	return "", 0, false
}

// fieldList words a validation error's fields with the field's code
// after its label, as the JSON files and the flags name it: "Land
// (country): muss ...; Jahre (years): ..."; a field named by its flag
// reads "--given ist erforderlich".
func fieldList(loc *i18n.Localizer, err error) string {
	fps, _ := app.FieldProblems(loc, err)
	ps := app.MergeProblems(fps)
	parts := make([]string, len(ps))
	for i, p := range ps {
		switch {
		case strings.HasPrefix(p.Label, "--"):
			parts[i] = p.Label + " " + p.Problem
		case !strings.Contains(p.Label, p.Field):
			parts[i] = p.Label + " (" + p.Field + "): " + p.Problem
		default:
			parts[i] = p.String()
		}
	}
	return strings.Join(parts, "; ")
}

// erasedOn is the day a patient was erased, "" when not known.
func erasedOn(loc *i18n.Localizer, e *consent.ErasedError) string {
	if e.At.IsZero() {
		return ""
	}
	return loc.Date(e.At)
}
