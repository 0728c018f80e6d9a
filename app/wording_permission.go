package app

import (
	"errors"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// Refusal is who was refused what, as codes: the role (vault.Role and
// consent's Role* constants are the same strings) and the permission
// (vault.Permission and consent.Permission share one namespace).
type Refusal struct {
	Role string
	Perm string
}

// RefusalOf finds the refusal in err's chain: a *vault.PermissionError
// (checked inside every vault call) or a *consent.PermissionError (a
// workflow step the domain refuses). ok is false for other errors.
func RefusalOf(err error) (Refusal, bool) {
	var ve *vault.PermissionError
	if errors.As(err, &ve) {
		return Refusal{Role: string(ve.Role), Perm: string(ve.Perm)}, true
	}
	var ce *consent.PermissionError
	if errors.As(err, &ce) {
		return Refusal{Role: ce.Role, Perm: string(ce.Perm)}, true
	}
	return Refusal{}, false
}

// PermissionLabelID is the message id of a permission code.
func PermissionLabelID(code string) string { return "permission.label." + code }

// PermissionLabel words a permission code for people ("Einwilligungen
// erfassen"); ok is false for a code the catalogue does not know, which
// callers leave out rather than show.
func PermissionLabel(loc *i18n.Localizer, code string) (string, bool) {
	id := PermissionLabelID(code)
	if code == "" || !loc.Has(id) {
		return "", false
	}
	return loc.T(id), true
}

// RoleLabel words a role code ("Empfang"), the code itself for a role the
// catalogue does not know (i18n's Localizer.Role).
func RoleLabel(loc *i18n.Localizer, role string) string { return loc.Role(role) }
