package app

import (
	"errors"

	"custodia/vault"
)

// SecondFactor is the part of an unlocked session that manages TOTP
// second factors; *vault.Session is one.
type SecondFactor interface {
	BeginTOTP() (vault.TOTPEnrolment, error)
	ConfirmTOTP(code string) error
	DisableTOTP(name string) error
	TOTPStatus(name string) (vault.TOTPStatus, error)
	RequireTOTP() (bool, error)
	SetRequireTOTP(on bool) error
}

// BeginTOTP starts enrolling the signed-in user's second factor: the
// secret, its otpauth URI and one-time backup codes, shown once.
// ErrTOTPEnrolled when the user already has one.
func BeginTOTP(sf SecondFactor) (vault.TOTPEnrolment, error) {
	e, err := sf.BeginTOTP()
	return e, totpErr(err)
}

// ConfirmTOTP finishes the enrolment with a code from the authenticator
// app; ErrNoEnrolment when none is pending.
func ConfirmTOTP(sf SecondFactor, code string) error { return totpErr(sf.ConfirmTOTP(code)) }

// DisableTOTP removes a user's second factor (their own, or any user's
// as administrator); ErrUnknownUser for a name the vault does not hold.
func DisableTOTP(sf SecondFactor, name string) error { return userErr(name, sf.DisableTOTP(name)) }

// TOTPStatus reports whether a user has a second factor and must have one.
func TOTPStatus(sf SecondFactor, name string) (vault.TOTPStatus, error) {
	st, err := sf.TOTPStatus(name)
	return st, userErr(name, err)
}

// RequireTOTP reports the practice setting: administrators and DPOs
// must enrol a second factor.
func RequireTOTP(sf SecondFactor) (bool, error) { return sf.RequireTOTP() }

// SetRequireTOTP changes that setting (administrators).
func SetRequireTOTP(sf SecondFactor, on bool) error { return sf.SetRequireTOTP(on) }

func totpErr(err error) error {
	switch {
	case errors.Is(err, vault.ErrExists):
		return errorf(ErrTOTPEnrolled, err, "a second factor is already enrolled; remove it before enrolling a new one")
	case errors.Is(err, vault.ErrNotFound):
		return errorf(ErrNoEnrolment, err, "no second-factor enrolment is pending")
	}
	return err
}
