package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"custodia/consent"
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

// Describe maps an error to a friendly title and message. It is the one
// place where errors become words; every error dialog goes through it.
func Describe(err error) Problem {
	if err == nil {
		return Problem{}
	}
	for _, m := range problemTable {
		if errors.Is(err, m.err) {
			return Problem{Title: m.title, Message: m.describe(err)}
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return Problem{Title: "File not found", Message: "The vault file does not exist. Check the path or create a new vault."}
	}
	if errors.Is(err, fs.ErrPermission) {
		return Problem{Title: "No access to the file", Message: "The operating system refused access to the file. Check its permissions."}
	}
	return Problem{Title: "Internal error", Message: "Something went wrong inside Custodia. The details were written to the log for support.", Internal: true}
}

type problemMapping struct {
	err      error
	title    string
	describe func(error) string
}

func fixed(msg string) func(error) string { return func(error) string { return msg } }

var problemTable = []problemMapping{
	{vault.ErrWrongPassphrase, "Wrong user name or passphrase", fixed("Check the spelling and Caps Lock, then try again. After several failures Custodia waits longer before each new attempt.")},
	{vault.ErrWrongRecoveryCode, "Wrong recovery code", fixed("The recovery code is not correct. Type it exactly as printed; groups may be separated by dashes or spaces.")},
	{vault.ErrThrottled, "Too many failed attempts", describeThrottled},
	{vault.ErrTOTPRequired, "Second-factor code needed", fixed("This account unlocks with a code from an authenticator app. Type the passphrase again and the 6-digit code the app shows now (or one of your backup codes).")},
	{vault.ErrWrongTOTP, "Wrong second-factor code", fixed("The code is wrong or was already used. Check the phone's clock and type the code shown now, or use an unused backup code.")},
	{vault.ErrTOTPEnrolment, "Second factor needed first", fixed("Your practice requires a second factor for your role. Enrol an authenticator app before doing anything else.")},
	{vault.ErrUserDisabled, "Account disabled", fixed("This account has been disabled. Ask an administrator of the practice to re-enable it or to create a new account.")},
	{vault.ErrUpgradeNeedsAdmin, "An administrator must open this vault first", fixed("This vault was made by an earlier version of Custodia. The first time, an administrator must open it with their own user name and passphrase: Custodia then brings it up to date. After that, the administrator sets a new passphrase for every other account.")},
	{vault.ErrNewPassphraseNeeded, "New passphrase needed", fixed("This vault was brought up to date by a newer version of Custodia, and this account's old passphrase no longer opens it. Ask an administrator to set a new passphrase for you (Users → Reset passphrase).")},
	{vault.ErrPermission, "Not allowed", describePermission},
	{vault.ErrValidation, "Please correct the entries", describeValidation},
	{vault.ErrConflict, "Changed by someone else", fixed("This record was changed by someone else since you opened it. Reopen the patient to see the current version, then make your change again.")},
	{vault.ErrRestricted, "Record restricted", fixed("Processing of this record is restricted (GDPR Art. 18). It can be read but not changed until the restriction is lifted.")},
	{vault.ErrExists, "Already exists", fixed("An item with this name already exists. Choose another name or file.")},
	{vault.ErrNotFound, "Not found", fixed("The record no longer exists. It may have been erased.")},
	{vault.ErrLocked, "Vault locked", fixed("The vault has been locked. Unlock it again to continue.")},
	{vault.ErrAuditBroken, "Audit trail broken", describeAudit},
	{vault.ErrIntegrity, "Integrity check failed", fixed("Stored data failed its integrity check: the vault file may be damaged or tampered with. Stop using it, keep a copy for investigation and restore from a backup.")},
	{ErrNoController, "Practice details missing", fixed("The practice's details (name, address, data-protection contact) have not been entered, so no receipt, package or notice can be made. An administrator or the data-protection officer can enter the practice details under Governance → Practice details.")},
	{consent.ErrPermission, "Not allowed", fixed("Your role does not allow this step. The attempt has been recorded in the audit trail.")},
	{consent.ErrDuplicate, "Possible duplicate", describeDuplicate},
	{consent.ErrInvalid, "Please correct the entries", describeConsentInvalid},
	{consent.ErrTransition, "Step not possible now", fixed("The request's current state does not allow this step (for example, the identity must be verified first, or the deadline can be extended only once and before it passes). Reload the request to see its state.")},
	{consent.ErrConflict, "Changed by someone else", fixed("This item was changed by someone else since you opened it. Reload it, then make your change again.")},
	{consent.ErrImmutable, "Cannot be changed", fixed("This item is part of the permanent record (a used consent text, a closed request or a certificate) and cannot be changed.")},
	{consent.ErrExists, "Already exists", fixed("An item with this id already exists.")},
	{consent.ErrNotFound, "Not found", fixed("The item no longer exists, or nothing suitable is selected.")},
}

func describeDuplicate(err error) string {
	var de *consent.DuplicateError
	if errors.As(err, &de) {
		return fmt.Sprintf("An open request of the same patient and type exists (%s). Record the new one only if it is a different matter.", strings.Join(de.IDs, ", "))
	}
	return "An open request of the same patient and type exists."
}

func describeConsentInvalid(err error) string {
	var ve *consent.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) == 0 {
		return "Some entries are not valid."
	}
	lines := make([]string, 0, len(ve.Fields))
	for _, f := range ve.Fields {
		lines = append(lines, fmt.Sprintf("%s: %s", f.Field, f.Message))
	}
	return strings.Join(lines, "\n")
}

func describePermission(err error) string {
	var pe *vault.PermissionError
	if errors.As(err, &pe) {
		return fmt.Sprintf("Your role (%s) does not allow this action (%s). The attempt has been recorded in the audit trail.", RoleLabel(pe.Role), pe.Perm)
	}
	return "Your role does not allow this action. The attempt has been recorded in the audit trail."
}

func describeThrottled(err error) string {
	var te *vault.ThrottledError
	if errors.As(err, &te) && te.Wait > 0 {
		return fmt.Sprintf("After several failed attempts Custodia waits before the next one. Try again in %s.", te.Wait.Round(time.Second))
	}
	return "After several failed attempts Custodia waits before the next one. Try again shortly."
}

func describeValidation(err error) string {
	var ve *vault.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) == 0 {
		return "Some entries are not valid."
	}
	lines := make([]string, 0, len(ve.Fields))
	for _, f := range ve.Fields {
		lines = append(lines, fmt.Sprintf("%s: %s", FieldLabel(f.Field), f.Message))
	}
	return strings.Join(lines, "\n")
}

func describeAudit(err error) string {
	var ae *vault.AuditError
	if errors.As(err, &ae) {
		return fmt.Sprintf("The audit trail is broken at entry %d (%s). Entries may have been altered or removed.", ae.Seq, ae.Reason)
	}
	return "The audit trail failed verification."
}

// RoleLabel names a role for people.
func RoleLabel(r vault.Role) string {
	switch r {
	case vault.RoleAdmin:
		return "Administrator"
	case vault.RoleDPO:
		return "Data-protection officer"
	case vault.RoleClinician:
		return "Clinician"
	case vault.RoleFrontDesk:
		return "Front desk"
	case vault.RoleResearcher:
		return "Researcher"
	}
	return string(r)
}

// Roles lists the roles in the order they are offered.
var roleOrder = []vault.Role{vault.RoleAdmin, vault.RoleDPO, vault.RoleClinician, vault.RoleFrontDesk, vault.RoleResearcher}

func roleLabels() []string {
	out := make([]string, len(roleOrder))
	for i, r := range roleOrder {
		out[i] = RoleLabel(r)
	}
	return out
}

func roleFromLabel(label string) (vault.Role, bool) {
	for _, r := range roleOrder {
		if RoleLabel(r) == label {
			return r, true
		}
	}
	return "", false
}
