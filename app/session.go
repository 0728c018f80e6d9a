package app

import (
	"context"
	"errors"
	"io"
	"time"

	"custodia/consent"
	"custodia/vault"
)

// Vault is what the use cases need of an unlocked vault session. The vault
// checks every permission and audits every step. FromVault adapts
// *vault.Session; tests use fakes over consent/memstore.
type Vault interface {
	User() vault.User
	// Consent is the vault's consent store (see consent.Store).
	Consent() consent.Store
	// ConsentActor is the signed-in user as the consent package's Actor.
	ConsentActor() consent.Actor
	// FindPatients searches by name, birth date or record number.
	FindPatients(q vault.Query) ([]vault.PatientSummary, error)
	// GetPatient returns vault.ErrNotFound for an unknown or erased id.
	GetPatient(id string) (vault.Patient, error)
	// Erased reports whether the vault erased the patient (it keeps the ids).
	Erased(id string) (bool, error)
	// ErasureFacts reports the record categories held about a patient and
	// the dates retention periods count from.
	ErasureFacts(patientID string) (consent.ErasureFacts, error)
	// ExecuteErasure carries out an approved plan.
	ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error)
	// AccessPackage writes the age-encrypted access or portability archive.
	AccessPackage(patientID, requestID string, w io.Writer, to vault.AccessRecipient) error
	// AccessReport returns the report of an access or portability request
	// (the archive's content) for a document the caller protects itself.
	AccessReport(patientID, requestID string, ctl consent.Controller) (consent.AccessReport, error)
	// SetRestricted sets or clears the Art. 18 flag for a request.
	SetRestricted(patientID string, on bool, requestID string) error
	// Rectify stores corrected fields with history (Art. 16).
	Rectify(patientID string, corrected vault.Patient, requestID string) (vault.Patient, error)
	// RetentionItems lists patient records for the retention schedule;
	// ErrNoRecordItems when the vault cannot.
	RetentionItems() ([]consent.RetentionItem, error)
	// KeptRetentionItems lists what erasures kept under Art. 17(3), dated
	// by its keep-until (category consent.RecKept, record id kept:PATIENT).
	KeptRetentionItems() ([]consent.RetentionItem, error)
	// PurgeKept destroys the kept data of a batch the DPO approved
	// (audited per patient) and returns how many patients it purged.
	PurgeKept(b consent.DeletionBatch) (int, error)
	// Controls lists the security measures the vault has (ROPA, Art. 32).
	Controls() []consent.Control
	// PutScan stores a signed consent form encrypted.
	PutScan(patientID, contentType string, data []byte) (consent.Attachment, error)
	// Scan returns a stored scan (audited).
	Scan(ref string) (contentType string, data []byte, err error)
	// Practice returns the stored practice details; vault.ErrNotFound when never set.
	Practice() (consent.Controller, error)
	// SetPractice stores them (governance, audited).
	SetPractice(c consent.Controller) error
	// SetPracticeSchedule stores them and, in the same transaction, makes
	// the retention schedule follow the country (shipped schedules).
	SetPracticeSchedule(c consent.Controller, shipped consent.Schedules) (vault.ScheduleResult, error)
	// Authorize checks a permission before a multi-step decision and
	// audits a denial.
	Authorize(perm vault.Permission, action, object string) error
}

// Options configure a Session.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Controller returns the practice details configured outside the
	// vault (a file, the demo practice), used when the vault stores none;
	// nil means none (ErrNoController).
	Controller func() (consent.Controller, error)
}

// Session is an unlocked vault as the use cases see it: the vault, the
// signed-in user and the clock.
type Session struct {
	v    Vault
	ctx  context.Context
	opts Options
	// textSync is what unlocking added of the shipped consent texts.
	textSync consent.TextSync
}

// New returns the use cases over an unlocked vault session.
func New(v Vault, opts Options) *Session {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Session{v: v, ctx: context.Background(), opts: opts}
}

// Now is the session's clock.
func (s *Session) Now() time.Time { return s.opts.Now() }

// Context is the context store calls run under.
func (s *Session) Context() context.Context { return s.ctx }

// Vault is the session's vault, for reads the use cases do not wrap.
func (s *Session) Vault() Vault { return s.v }

// Store is the consent store, for listings the use cases do not wrap.
func (s *Session) Store() consent.Store { return s.v.Consent() }

// Actor is the signed-in user as the consent package's Actor.
func (s *Session) Actor() consent.Actor { return s.v.ConsentActor() }

// User is the signed-in user.
func (s *Session) User() vault.User { return s.v.User() }

// Can reports whether the signed-in user's role has a consent permission.
func (s *Session) Can(p consent.Permission) bool { return s.Actor().Can(p) }

// Controller returns the practice details printed on receipts, packages,
// ROPA and breach notices: those stored in the vault, else the configured
// ones; ErrNoController when there are none.
func (s *Session) Controller() (consent.Controller, error) {
	c, err := s.v.Practice()
	if err == nil || !errors.Is(err, vault.ErrNotFound) {
		return c, err
	}
	if s.opts.Controller == nil {
		return consent.Controller{}, ErrNoController
	}
	return s.opts.Controller()
}

// Practice returns the practice details stored in the vault (any role).
func (s *Session) Practice() (consent.Controller, error) { return s.v.Practice() }

// SetPractice stores the practice details (governance, audited) and
// switches the retention schedule with the country in the same step: rules
// of another country go, the shipped rules of the new one come, the
// practice's own rules stay. The result says what happened to the schedule.
func (s *Session) SetPractice(c consent.Controller) (vault.ScheduleResult, error) {
	shipped, err := ShippedSchedules()
	if err != nil {
		return vault.ScheduleResult{}, err
	}
	return s.v.SetPracticeSchedule(c, shipped)
}

// Jurisdiction is the practice's country and region (stored, else the
// configured details), whose public holidays move request deadlines; the
// zero value (weekends only) when there are none.
func (s *Session) Jurisdiction() (consent.Jurisdiction, error) {
	c, err := s.Controller()
	if errors.Is(err, ErrNoController) || errors.Is(err, vault.ErrNotFound) {
		return consent.Jurisdiction{}, nil
	}
	if err != nil {
		return consent.Jurisdiction{}, err
	}
	return c.Jurisdiction(), nil
}
