package kit

import (
	usecase "custodia/app"
	"errors"
	"io/fs"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// Problem is an error put in words for the person at the desk.
type Problem struct {
	Title   string
	Message string
	// Internal is true when the error was not one the vault names; such
	// errors are logged (without personal data) for support.
	Internal bool
}

// Describe maps an error to a friendly title and message in loc's
// language. It is the one place where errors become words; every error
// dialog goes through it.
func Describe(loc *i18n.Localizer, err error) Problem {
	if err == nil {
		return Problem{}
	}
	p := describeSentinel(loc, err)
	if msg, ok := usecase.StepMessage(loc, err); ok {
		p.Message = msg
	}
	var erased *consent.ErasedError
	if errors.As(err, &erased) {
		p = Problem{Title: loc.T("domaintext.app.title"), Message: loc.T("domaintext.erased", "Date", erasedOn(loc, erased))}
	}
	if msg, ok := usecase.ErrorMessage(loc, err); ok {
		p.Message = msg
		if p.Internal {
			p.Title, p.Internal = loc.T("domaintext.app.title"), false
		}
	}
	return p
}

// describeSentinel maps err's sentinels to a title and a message.
func describeSentinel(loc *i18n.Localizer, err error) Problem {
	for _, m := range problemTable {
		if errors.Is(err, m.err) {
			return Problem{Title: loc.T(m.title), Message: m.describe(loc, err)}
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return Problem{Title: loc.T("errors.filenotfound.title"), Message: loc.T("errors.filenotfound.msg")}
	}
	if errors.Is(err, fs.ErrPermission) {
		return Problem{Title: loc.T("errors.fileaccess.title"), Message: loc.T("errors.fileaccess.msg")}
	}
	return Problem{Title: loc.T("errors.internal.title"), Message: loc.T("errors.internal.msg"), Internal: true}
}

// problemMapping names a sentinel's title (a message id) and how its
// message is worded.
type problemMapping struct {
	err      error
	title    string
	describe func(*i18n.Localizer, error) string
}

func fixed(id string) func(*i18n.Localizer, error) string {
	return func(loc *i18n.Localizer, _ error) string { return loc.T(id) }
}

var problemTable = []problemMapping{
	{vault.ErrWrongPassphrase, "errors.vault.wrongpassphrase.title", fixed("errors.vault.wrongpassphrase.msg")},
	{vault.ErrWrongRecoveryCode, "errors.vault.wrongrecoverycode.title", fixed("errors.vault.wrongrecoverycode.msg")},
	{vault.ErrThrottled, "errors.vault.throttled.title", describeThrottled},
	{vault.ErrTOTPRequired, "errors.vault.totprequired.title", fixed("errors.vault.totprequired.msg")},
	{vault.ErrWrongTOTP, "errors.vault.wrongtotp.title", fixed("errors.vault.wrongtotp.msg")},
	{vault.ErrTOTPEnrolment, "errors.vault.totpenrolment.title", fixed("errors.vault.totpenrolment.msg")},
	{vault.ErrUserDisabled, "errors.vault.userdisabled.title", fixed("errors.vault.userdisabled.msg")},
	{vault.ErrUpgradeNeedsAdmin, "errors.vault.upgradeneedsadmin.title", fixed("errors.vault.upgradeneedsadmin.msg")},
	{vault.ErrNewPassphraseNeeded, "errors.vault.newpassphraseneeded.title", fixed("errors.vault.newpassphraseneeded.msg")},
	{vault.ErrPermission, "errors.vault.permission.title", describePermission("errors.vault.permission.msg")},
	{vault.ErrValidation, "errors.vault.validation.title", describeValidation},
	{vault.ErrConflict, "errors.vault.conflict.title", fixed("errors.vault.conflict.msg")},
	{vault.ErrRestricted, "errors.vault.restricted.title", fixed("errors.vault.restricted.msg")},
	{vault.ErrExists, "errors.vault.exists.title", fixed("errors.vault.exists.msg")},
	{vault.ErrNotFound, "errors.vault.notfound.title", fixed("errors.vault.notfound.msg")},
	{vault.ErrLocked, "errors.vault.locked.title", fixed("errors.vault.locked.msg")},
	{vault.ErrAuditBroken, "errors.vault.auditbroken.title", describeAudit},
	{vault.ErrIntegrity, "errors.vault.integrity.title", fixed("errors.vault.integrity.msg")},
	{usecase.ErrNoController, "errors.nocontroller.title", fixed("errors.nocontroller.msg")},
	{consent.ErrPermission, "errors.consent.permission.title", describePermission("errors.consent.permission.msg")},
	{consent.ErrDuplicate, "errors.consent.duplicate.title", describeDuplicate},
	{consent.ErrInvalid, "errors.consent.invalid.title", describeConsentInvalid},
	{consent.ErrTransition, "errors.consent.transition.title", fixed("errors.consent.transition.msg")},
	{consent.ErrConflict, "errors.consent.conflict.title", fixed("errors.consent.conflict.msg")},
	{consent.ErrImmutable, "errors.consent.immutable.title", fixed("errors.consent.immutable.msg")},
	{consent.ErrExists, "errors.consent.exists.title", fixed("errors.consent.exists.msg")},
	{consent.ErrNotFound, "errors.consent.notfound.title", fixed("errors.consent.notfound.msg")},
}

// erasedOn is the day a patient was erased, "" when not known.
func erasedOn(loc *i18n.Localizer, e *consent.ErasedError) string {
	if e.At.IsZero() {
		return ""
	}
	return loc.Date(e.At)
}

func describeDuplicate(loc *i18n.Localizer, err error) string {
	var de *consent.DuplicateError
	if errors.As(err, &de) && len(de.IDs) > 0 {
		return loc.N("errors.consent.duplicate.count", len(de.IDs))
	}
	return loc.T("errors.consent.duplicate.msg")
}

func describeConsentInvalid(loc *i18n.Localizer, err error) string {
	return describeFields(loc, err)
}

// describeFields words a validation error's fields (usecase.FieldProblems).
func describeFields(loc *i18n.Localizer, err error) string {
	ps, ok := usecase.FieldProblems(loc, err)
	if !ok || len(ps) == 0 {
		return loc.T("errors.invalid.msg")
	}
	return usecase.JoinProblems(ps, "\n")
}

// describePermission words a refusal with the labels of the role and of
// the missing permission (usecase.RefusalOf: a vault or a consent
// refusal); without a label for the permission it names the role only,
// and a refusal without codes reads the message fallback.
func describePermission(fallback string) func(*i18n.Localizer, error) string {
	return func(loc *i18n.Localizer, err error) string {
		r, ok := usecase.RefusalOf(err)
		if !ok {
			return loc.T(fallback)
		}
		role := RoleLabel(loc, vault.Role(r.Role))
		if perm, ok := usecase.PermissionLabel(loc, r.Perm); ok {
			return loc.T("permission.refused", "Role", role, "Perm", perm)
		}
		return loc.T("errors.vault.permission.role", "Role", role)
	}
}

func describeThrottled(loc *i18n.Localizer, err error) string {
	var te *vault.ThrottledError
	if errors.As(err, &te) && te.Wait > 0 {
		return loc.N("errors.vault.throttled.wait", int(te.Wait.Round(time.Second)/time.Second))
	}
	return loc.T("errors.vault.throttled.msg")
}

func describeValidation(loc *i18n.Localizer, err error) string {
	return describeFields(loc, err)
}

func describeAudit(loc *i18n.Localizer, err error) string {
	var ae *vault.AuditError
	if errors.As(err, &ae) {
		return loc.T("errors.vault.auditbroken.at", "Seq", ae.Seq, "Reason", ae.Reason)
	}
	return loc.T("errors.vault.auditbroken.msg")
}

// RoleLabel names a role for people (i18n's Localizer.Role, the one
// lookup the CLI, audit details and documents use too).
func RoleLabel(loc *i18n.Localizer, r vault.Role) string { return loc.Role(string(r)) }

// Roles lists the roles in the order they are offered.
var roleOrder = []vault.Role{vault.RoleAdmin, vault.RoleDPO, vault.RoleClinician, vault.RoleFrontDesk, vault.RoleResearcher}

func RoleLabels(loc *i18n.Localizer) []string {
	out := make([]string, len(roleOrder))
	for i, r := range roleOrder {
		out[i] = RoleLabel(loc, r)
	}
	return out
}

func RoleFromLabel(loc *i18n.Localizer, label string) (vault.Role, bool) {
	for _, r := range roleOrder {
		if RoleLabel(loc, r) == label {
			return r, true
		}
	}
	return "", false
}
