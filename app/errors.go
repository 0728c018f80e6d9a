package app

import (
	"errors"
	"fmt"
)

// Sentinel errors of the use cases. Each is wrapped with %w together with
// the domain sentinel it refines (consent.ErrNotFound, consent.ErrInvalid,
// ...), so callers may test either.
var (
	// ErrCatalogueEmpty: no purposes are stored and the user's role may not
	// load the shipped catalogue (an administrator or the DPO must unlock
	// the vault once).
	ErrCatalogueEmpty = errors.New("app: purpose catalogue empty")
	// ErrNeedLastTreatment: the retention rules count from the patient's
	// last treatment and neither the vault nor the caller gave its date.
	ErrNeedLastTreatment = errors.New("app: last treatment date needed")
	// ErrFutureDate: a date that must lie in the past (last treatment) does not.
	ErrFutureDate = errors.New("app: date in the future")
	// ErrNoController: the practice's details (controller, DPO contact)
	// are neither stored in the vault nor configured.
	ErrNoController = errors.New("app: practice details not configured")
	// ErrUnknownPatient: no patient with that id (also wraps vault.ErrNotFound).
	ErrUnknownPatient = errors.New("app: no such patient")
	// ErrPatientErased: the patient was erased (GDPR Art. 17); nothing new
	// may be recorded about them except requests.
	ErrPatientErased = errors.New("app: patient erased")
	// ErrUnknownPurpose: the purpose is not in the catalogue.
	ErrUnknownPurpose = errors.New("app: no such purpose")
	// ErrNoText: no consent text for the purpose, language and version.
	ErrNoText = errors.New("app: no consent text")
	// ErrNoActiveConsent: there is no active grant to withdraw.
	ErrNoActiveConsent = errors.New("app: no active consent")
	// ErrNotRecipient: the recipient is not one of the purpose's recipients.
	ErrNotRecipient = errors.New("app: not a recipient of the purpose")
	// ErrUnknownRequest: no request with that id.
	ErrUnknownRequest = errors.New("app: no such request")
	// ErrUnknownRule: no retention rule with that id.
	ErrUnknownRule = errors.New("app: no such retention rule")
	// ErrBadMapping: the FHIR mapping table for foreign Consents is
	// invalid (the cause names the JSON path).
	ErrBadMapping = errors.New("app: invalid FHIR mapping table")
	// ErrNoRecordItems: the vault does not list patient records for the
	// retention schedule.
	ErrNoRecordItems = errors.New("app: the vault does not list patient records for retention")
	// ErrBadPage: a listing was asked for a negative offset or a limit
	// below 1.
	ErrBadPage = errors.New("app: invalid page")
	// ErrUnknownUser: no staff account with that name (also wraps
	// vault.ErrNotFound).
	ErrUnknownUser = errors.New("app: no such user")
	// ErrUserExists: the user name is taken (also wraps vault.ErrExists).
	ErrUserExists = errors.New("app: user exists")
	// ErrTOTPEnrolled: the user already has a second factor; it must be
	// removed before a new one is enrolled (also wraps vault.ErrExists).
	ErrTOTPEnrolled = errors.New("app: second factor already enrolled")
	// ErrNoEnrolment: a second-factor code was confirmed with no
	// enrolment pending (also wraps vault.ErrNotFound).
	ErrNoEnrolment = errors.New("app: no second-factor enrolment pending")
	// ErrBadAnchor: an anchor file is not one (the cause is the vault's
	// *ValidationError naming the field).
	ErrBadAnchor = errors.New("app: invalid anchor file")
	// ErrBadAuditFormat: an audit export format other than jsonl, syslog
	// or fhir.
	ErrBadAuditFormat = errors.New("app: unknown audit export format")
)

// Error is a use-case error: Kind is one of the sentinels above, Msg a
// sentence for people that names ids and codes only (never personal
// data), Err the domain cause, if any. errors.Is finds both Kind and the
// cause's sentinels; front ends show Msg or their own text for Kind.
type Error struct {
	Kind error
	Msg  string
	Err  error
	// Args are Msg's values (ids, codes, account or file names), for the
	// front ends' own wording of Kind (ErrorMessage).
	Args []any
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func errorf(kind, cause error, format string, a ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, a...), Err: cause, Args: a}
}
