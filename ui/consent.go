package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"custodia/assets"
	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// ConsentSession is what the consent, request and governance screens call
// beyond Session. cmd/custodia adapts *vault.Session to it; tests use a
// fake over consent/memstore. The vault checks every permission and
// writes the audit trail; the screens only hide what a role cannot do.
type ConsentSession interface {
	Session
	// Consent is the vault's consent store (see consent.Store for the
	// error contract; permission denials match consent.ErrPermission and
	// vault.ErrPermission).
	Consent() consent.Store
	// ConsentActor is the signed-in user as the consent package's Actor.
	ConsentActor() consent.Actor
	// ErasureFacts returns the record categories held about a patient;
	// vault.ErrNotFound for an unknown patient.
	ErasureFacts(patientID string) (consent.ErasureFacts, error)
	// ExecuteErasure carries out an approved plan; *vault.ValidationError
	// when the plan or its request is not in order.
	ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error)
	// AccessPackage writes the age-encrypted access or portability archive.
	AccessPackage(patientID, requestID string, w io.Writer, recipient vault.AccessRecipient) error
	// SetRestricted sets the Art. 18 flag for a restriction request.
	SetRestricted(patientID string, on bool, requestID string) error
	// Rectify stores corrected fields of a patient for a rectification
	// request in progress, keeping the old values in the history;
	// vault.ErrRestricted, vault.ErrConflict, *vault.ValidationError.
	Rectify(patientID string, corrected vault.Patient, requestID string) (vault.Patient, error)
	// PurgeRetention destroys what erasures kept under Art. 17(3) once its
	// keep-until date passed, and returns how many patients it purged.
	PurgeRetention() (int, error)
	// Controller returns the practice's details printed on receipts,
	// packages and breach notices: those stored in the vault, else the
	// configured fallback; ErrNoController when there are none.
	Controller() (consent.Controller, error)
	// Practice returns the practice's details stored in the vault (any
	// role); vault.ErrNotFound when they were never entered.
	Practice() (consent.Controller, error)
	// SetPractice stores them (governance permission, audited);
	// *vault.ValidationError (see vault.CheckPractice).
	SetPractice(c consent.Controller) error
	// PutScan stores a signed consent form of a patient encrypted and
	// returns the attachment for the grant event (consent.write);
	// consent.ErrInvalid for an empty or oversized file.
	PutScan(patientID, contentType string, data []byte) (consent.Attachment, error)
	// Scan returns a stored scan's content type and bytes (consent.read,
	// audited); consent.ErrNotFound when it was erased.
	Scan(ref string) (contentType string, data []byte, err error)
}

// ErrNoController: the practice's controller details (name, address,
// DPO contact) are not configured, so no receipt or package can be made.
var ErrNoController = errors.New("ui: practice details not configured")

// errCatalogueEmpty: no purposes are stored and the role may not load the
// shipped catalogue.
var errCatalogueEmpty = errors.New("ui: purpose catalogue empty")

// consentEnv bundles what the consent screens share: the app (clock,
// runner, error dialog), the session and a context.
type consentEnv struct {
	app *App
	s   ConsentSession
	ctx context.Context
}

func newConsentEnv(a *App, s ConsentSession) consentEnv {
	return consentEnv{app: a, s: s, ctx: context.Background()}
}

func (e consentEnv) now() time.Time                { return e.app.opts.Now() }
func (e consentEnv) store() consent.Store          { return e.s.Consent() }
func (e consentEnv) actor() consent.Actor          { return e.s.ConsentActor() }
func (e consentEnv) can(p consent.Permission) bool { return e.actor().Can(p) }

// who names a user id for people: the signed-in user by name, others by
// their id (user names need the user-management permission).
func (e consentEnv) who(id string) string {
	if u := e.s.User(); u.ID == id && u.Name != "" {
		return u.Name
	}
	return id
}

// run does work off the UI goroutine with bar spinning, then done on it.
func (e consentEnv) run(bar *widget.ProgressBarInfinite, work func(), done func()) {
	if bar != nil {
		bar.Show()
		bar.Start()
	}
	e.app.opts.Run(work, func() {
		if bar != nil {
			bar.Stop()
			bar.Hide()
		}
		done()
	})
}

// seed loads the shipped purposes, texts and retention rules into an empty
// store (as custodiactl does). Roles that may not write the catalogue get
// errCatalogueEmpty.
func (e consentEnv) seed() error {
	ps, err := e.store().ListPurposes(e.ctx)
	if err != nil || len(ps) > 0 {
		return err
	}
	if !e.can(consent.PermGovernance) {
		return errCatalogueEmpty
	}
	purposes, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		return fmt.Errorf("shipped purposes: %w", err)
	}
	texts, err := consent.LoadTexts(assets.ConsentTexts())
	if err != nil {
		return fmt.Errorf("shipped consent texts: %w", err)
	}
	schedule, err := e.seedSchedule()
	if err != nil {
		return err
	}
	return consent.Seed(e.ctx, e.store(), purposes, texts, schedule)
}

// catalogue reads purposes and texts (seeding an empty store first).
func (e consentEnv) catalogue() (*consent.Catalogue, error) {
	if err := e.seed(); err != nil {
		return nil, err
	}
	ps, err := e.store().ListPurposes(e.ctx)
	if err != nil {
		return nil, err
	}
	ts, err := e.store().ListTexts(e.ctx, "")
	if err != nil {
		return nil, err
	}
	return consent.NewCatalogue(ps, ts)
}

// patientLedger is one patient's consent data: the catalogue, the events
// and the index built from them with the blocks of completed objections
// and restrictions.
type patientLedger struct {
	cat    *consent.Catalogue
	events []consent.Event
	index  *consent.Index
}

func (e consentEnv) patientLedger(patientID string) (patientLedger, error) {
	cat, err := e.catalogue()
	if err != nil {
		return patientLedger{}, err
	}
	events, err := e.store().ListEvents(e.ctx, consent.EventFilter{PatientID: patientID})
	if err != nil {
		return patientLedger{}, err
	}
	reqs, err := e.store().ListRequests(e.ctx, consent.RequestFilter{SubjectID: patientID})
	if err != nil {
		return patientLedger{}, err
	}
	ix, err := consent.BuildIndex(cat, events, consent.BlocksFromRequests(reqs))
	if err != nil {
		return patientLedger{}, err
	}
	return patientLedger{cat: cat, events: events, index: ix}, nil
}

// clockImportance colours a deadline state: red danger, amber warning,
// green success; closed requests stay plain.
func clockImportance(c consent.Clock) widget.Importance {
	switch c {
	case consent.ClockRed:
		return widget.DangerImportance
	case consent.ClockAmber:
		return widget.WarningImportance
	case consent.ClockGreen:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

// dateText formats a date, or "—" for none.
func dateText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(DateLayout)
}

// timeText formats a time of day in the local zone.
func timeText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// writeToURI writes through a Fyne file-save writer and closes it; an
// error removes nothing the user had (the dialog made a new file).
func writeToURI(w fyne.URIWriteCloser, write func(io.Writer) error) error {
	err := write(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = removeEmpty(w.URI().Path())
	}
	return err
}

// boldLabel is a bold label.
func boldLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return l
}

// wrapLabel is a word-wrapping label.
func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// newBusyBar is a hidden infinite progress bar for slow steps.
func newBusyBar() *widget.ProgressBarInfinite {
	b := widget.NewProgressBarInfinite()
	b.Stop()
	b.Hide()
	return b
}
