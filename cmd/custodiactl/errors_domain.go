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
		audit  *vault.AuditError
		valid  *vault.ValidationError
		csv    *patientcsv.Error
		thr    *vault.ThrottledError
		uce    *app.Error
		erased *consent.ErasedError
		flags  *fieldsError
		step   *consent.StepError
		cvalid *consent.ValidationError
	)
	var refusal app.Refusal
	switch {
	case errors.As(err, &flags):
		return loc.T("cli4.invalidFlags", "Fields", flagList(loc, flags)), exitValidation, true
	case errors.As(err, &uce):
		msg, code := describeApp(loc, uce)
		return msg, code, true
	case errors.As(err, &step):
		msg, _ := app.StepMessage(loc, err)
		return msg, exitValidation, true
	case errors.As(err, &erased):
		return erasedMessage(loc, erased), exitValidation, true
	case refused(err, &refusal):
		return permissionMessage(loc, refusal), exitPermission, true
	case errors.As(err, &audit):
		return loc.T("cli.error.auditat", "Seq", audit.Seq, "Reason", audit.Reason), exitIntegrity, true
	case errors.As(err, &valid), errors.As(err, &cvalid):
		return loc.T("cli.error.invalidfields", "Fields", fieldList(loc, err)), exitValidation, true
	case errors.As(err, &csv):
		return loc.T("cli.error.csv", "Problem", csvProblems(loc, csv)), exitValidation, true
	case errors.As(err, &thr):
		return loc.T("cli.error.throttled", "Wait", thr.Wait.Round(1e9)), exitWrongPassphrase, true
	}
	return "", 0, false
}

// refused is app.RefusalOf in the shape of errors.As.
func refused(err error, r *app.Refusal) bool {
	var ok bool
	*r, ok = app.RefusalOf(err)
	return ok
}

// flagList words each field of a validation error after the flag that
// set it.
func flagList(loc *i18n.Localizer, e *fieldsError) string {
	parts := make([]string, len(e.err.Fields))
	for i, f := range e.err.Fields {
		parts[i] = e.names[i] + " " + loc.FieldRule(string(f.Rule), f.Message, app.AllowedWords(loc, f.Field, f.Allowed, true)...)
	}
	return strings.Join(parts, "; ")
}

// fieldList words the fields of a vault or consent validation error
// (app.FieldProblemsWithCodes: an accepted value by its label and the
// code to type) with the field's code after its label, as the JSON
// files and the flags name it: "Land (country): muss ...; Jahre (years):
// ..."; a field with several problems is named once.
func fieldList(loc *i18n.Localizer, err error) string {
	fps, _ := app.FieldProblemsWithCodes(loc, err)
	ps := app.MergeProblems(fps)
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
		if !strings.Contains(p.Label, p.Field) && !app.IsFilePlace(p.Field) {
			parts[i] = p.Label + " (" + p.Field + "): " + p.Problem
		}
	}
	return strings.Join(parts, "; ")
}

// erasedMessage says that a patient was erased (GDPR Art. 17), when and
// by which request, in the run's language: the patient and the request by
// their short references (the name is gone with the erasure), never the id.
func erasedMessage(loc *i18n.Localizer, e *consent.ErasedError) string {
	when, req := "-", "-"
	if !e.At.IsZero() {
		when = loc.Date(e.At)
	}
	if e.RequestID != "" {
		req = loc.T("cliuuid.requestref", "Ref", app.ShortRef(e.RequestID))
	}
	return loc.T("cli4.erased", "Patient", app.RefPerson(loc, e.SubjectID).Ref, "Date", when, "Request", req)
}

// csvProblems lists the problems of a CSV file in the run's language,
// each worded as the desktop's import words it (app.CSVProblem): by line
// and column (label and header), what is wrong from its rule code.
func csvProblems(loc *i18n.Localizer, e *patientcsv.Error) string {
	lines := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		lines[i] = app.CSVProblem(loc, l)
	}
	return problemLines(loc, lines, e.More)
}

// problemLines lists the worded problems of an input file, each at its
// place (a CSV line and column, a FHIR JSON path): how many there are,
// then one per indented line, then how many more were not listed.
func problemLines(loc *i18n.Localizer, lines []string, more int) string {
	var b strings.Builder
	b.WriteString(loc.N("cli4.csv.problems", len(lines)+more))
	for _, l := range lines {
		b.WriteString("\n  " + l)
	}
	if more > 0 {
		b.WriteString("\n  " + loc.T("cli4.csv.more", "Count", more))
	}
	return b.String()
}
