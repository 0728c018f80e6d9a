package kit

import (
	"context"
	"time"

	"custodia/vault"

	"fyne.io/fyne/v2"
)

// Session is the part of *vault.Session the views call. Every method may
// return vault.ErrLocked after Lock and a *vault.PermissionError wrapping
// vault.ErrPermission when the role may not do it.
type Session interface {
	Lock()
	Locked() bool
	User() vault.User

	CountPatients() (int, error)
	ListPatients(offset, limit int) ([]vault.PatientSummary, error)
	FindPatients(q vault.Query) ([]vault.PatientSummary, error)
	// GetPatient returns vault.ErrNotFound for an unknown id.
	GetPatient(id string) (vault.Patient, error)
	// AddPatient and UpdatePatient return a *vault.ValidationError;
	// UpdatePatient returns vault.ErrConflict on a stale Version and
	// vault.ErrRestricted for a restricted patient.
	AddPatient(p vault.Patient) (vault.Patient, error)
	UpdatePatient(p vault.Patient) (vault.Patient, error)
	// AddPatients stores all or none.
	AddPatients(ps []vault.Patient) ([]vault.Patient, error)
	// AddPatientsContext is AddPatients that a cancelled ctx stops and
	// rolls back (context.Canceled, nothing stored).
	AddPatientsContext(ctx context.Context, ps []vault.Patient) ([]vault.Patient, error)

	ListUsers() ([]vault.User, error)
	// AddUser returns vault.ErrExists when the name is taken.
	AddUser(name string, role vault.Role, passphrase []byte) (vault.User, error)
	SetRole(name string, role vault.Role) error
	DisableUser(name string) error
	EnableUser(name string) error
	EnableUserWithPassphrase(name string, passphrase []byte) error
	ResetPassphrase(name string, passphrase []byte) error
	// ChangePassphrase rewrites the signed-in user's own key slot; it
	// returns vault.ErrWrongPassphrase when old is wrong.
	ChangePassphrase(old, new []byte) error

	// AuditPage reads a page of the trail as part of a read the vault
	// records once (vault.Session.AuditPage).
	AuditPage(read vault.AuditRead, afterSeq int64, limit int) ([]vault.AuditEntry, vault.AuditRead, error)
	// VerifyAudit returns a *vault.AuditError wrapping vault.ErrAuditBroken.
	VerifyAudit() (checked int64, err error)
	// Anchor verifies the trail and returns a signed anchor to keep
	// outside the vault; LastAnchor says when the newest one was made.
	Anchor() (vault.Anchor, error)
	LastAnchor() (at time.Time, seq int64, err error)
}

// Runner runs work off the UI goroutine and then done on it.
type Runner func(work func(), done func())

// GoRunner is the production Runner: a goroutine, then fyne.Do.
func GoRunner(work func(), done func()) {
	go func() {
		work()
		fyne.Do(done)
	}()
}

// SyncRunner runs both steps at once on the caller's goroutine; for tests.
func SyncRunner(work func(), done func()) {
	work()
	done()
}

// CodeUnlocker is a Vault that takes a second-factor code with the
// passphrase (*vault.Vault through cmd/custodia). The unlock screen uses it
// when the vault offers it.
type CodeUnlocker interface {
	UnlockWithCode(username string, passphrase []byte, code string) (Session, error)
}

// SecondFactor is the part of *vault.Session that manages TOTP. Views use
// it when the session offers it.
type SecondFactor interface {
	BeginTOTP() (vault.TOTPEnrolment, error)
	ConfirmTOTP(code string) error
	DisableTOTP(name string) error
	TOTPStatus(name string) (vault.TOTPStatus, error)
	EnrolmentRequired() bool
	RequireTOTP() (bool, error)
	SetRequireTOTP(on bool) error
}
