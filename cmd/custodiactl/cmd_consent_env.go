package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"custodia/assets"
	"custodia/consent"
	"custodia/vault"
)

// Environment variables of the GDPR commands (documented in README.md).
const (
	// envController names the JSON file with the practice's controller
	// details (consent.Controller), the default for --controller.
	envController = "CUSTODIA_CONTROLLER"
)

// gdpr is what the consent, dsr and governance commands work with: the
// consent store of the vault (which checks permissions and writes the
// audit trail), the acting user, the vault's record operations, and the
// time of the run.
type gdpr struct {
	ctx   context.Context
	store consent.Store
	actor consent.Actor
	vault recordOps
	now   time.Time
	// unseeded explains why the catalogue is empty when the user may not
	// load the shipped defaults; commands that need purposes return it.
	unseeded error
	// practice returns the practice's details stored in the vault
	// (vault.ErrNotFound when never set).
	practice func() (consent.Controller, error)
	// controls returns the security measures the vault reports having
	// (nil: none are claimed).
	controls func() []consent.Control
}

// recordOps are the operations on patient records the data-subject
// request commands need from the vault. The vault checks permissions and
// audits each of them.
type recordOps interface {
	// GetPatient returns vault.ErrNotFound for an unknown id.
	GetPatient(id string) (vault.Patient, error)
	// Erased reports whether the patient was erased (GDPR Art. 17); the
	// vault keeps the ids of erased patients.
	Erased(id string) (bool, error)
	// SetRestricted sets or clears the Art. 18 flag for a request.
	SetRestricted(patientID string, on bool, requestID string) error
	// Rectify stores corrected fields and keeps the history (Art. 16).
	Rectify(patientID string, corrected vault.Patient, requestID string) (vault.Patient, error)
	// ErasureFacts reports the record categories held about a patient and
	// the dates retention periods count from.
	ErasureFacts(patientID string) (consent.ErasureFacts, error)
	// ExecuteErasure carries out an approved plan.
	ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error)
	// AccessPackage writes the encrypted access/portability archive.
	AccessPackage(patientID, requestID string, w io.Writer, to packageRecipient) error
	// RetentionItems lists stored records for the retention schedule.
	RetentionItems() ([]consent.RetentionItem, error)
	// KeptRetentionItems lists what erasures kept under Art. 17(3), with
	// its keep-until date.
	KeptRetentionItems() ([]consent.RetentionItem, error)
	// PurgeKept destroys the kept data of a batch the DPO approved.
	PurgeKept(b consent.DeletionBatch) (int, error)
	// AddScan stores a signed consent scan encrypted and returns its reference.
	AddScan(patientID, contentType string, data []byte) (consent.Attachment, error)
	// Authorize checks the user may take a decision before its first step
	// runs; the vault audits a denial (vault.ErrPermission).
	Authorize(perm vault.Permission, action, object string) error
}

// packageRecipient is who can open an access package: an age public key
// (age1...) or a passphrase, and the practice issuing it.
type packageRecipient struct {
	ageKey     string
	passphrase []byte
	controller consent.Controller // printed on the package's page
}

// openGDPR opens the vault for a GDPR command, fixes the clock and makes
// sure the shipped purpose catalogue, consent texts and retention rules
// are in the store. The close function locks the session.
func (ctx *runContext) openGDPR(vf *vaultFlags) (*gdpr, func(), error) {
	if err := ctx.applyTestClock(); err != nil {
		return nil, nil, err
	}
	s, closeFn, err := ctx.openSession(vf)
	if err != nil {
		return nil, nil, err
	}
	g := newVaultGDPR(s, ctx.now())
	if err := g.seedDefaults(); err != nil {
		closeFn()
		return nil, nil, err
	}
	return g, closeFn, nil
}

// applyTestClock gives the consent, dsr, retention, ropa and breach
// commands (and the vault they open) the clock a test set in-process. The
// shipped program has no way to move its clock.
func (ctx *runContext) applyTestClock() error {
	if ctx.hooks.clock != nil {
		ctx.now = ctx.hooks.clock
	}
	return nil
}

// parseTime reads RFC 3339, YYYY-MM-DDTHH:MM (UTC) or YYYY-MM-DD (UTC midnight).
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04", dateLayout} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a time")
}

// parseTimeFlag is parseTime with a message that names the flag, never the value.
func parseTimeFlag(flagName, s string) (time.Time, error) {
	t, err := parseTime(s)
	if err != nil {
		return time.Time{}, newExitError(exitValidation, nil, "%s is not a time (want YYYY-MM-DDTHH:MM, YYYY-MM-DD or RFC 3339)", flagName)
	}
	return t, nil
}

// seedDefaults loads the shipped catalogue, texts and retention rules into
// an empty store. A store that already has purposes is left alone: the
// practice edits its own copy.
func (g *gdpr) seedDefaults() error {
	ps, err := g.store.ListPurposes(g.ctx)
	if err != nil || len(ps) > 0 {
		return err
	}
	purposes, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		return fmt.Errorf("shipped purposes: %w", err)
	}
	texts, err := consent.LoadTexts(assets.ConsentTexts())
	if err != nil {
		return fmt.Errorf("shipped consent texts: %w", err)
	}
	schedule, err := g.schedule()
	if err != nil {
		return err
	}
	err = consent.Seed(g.ctx, g.store, purposes, texts, schedule)
	if errors.Is(err, consent.ErrPermission) || errors.Is(err, vault.ErrPermission) {
		g.unseeded = newExitError(exitPermission, err,
			"permission denied: the purpose catalogue is empty and your role may not load the defaults; ask an administrator or the DPO to run a consent command first")
		return nil
	}
	return err
}

// index builds the consent index from the store.
func (g *gdpr) index() (*consent.Index, error) {
	if g.unseeded != nil {
		return nil, g.unseeded
	}
	return consent.LoadIndex(g.ctx, g.store)
}

// patientIndex builds the index from one patient's events and requests
// only: what list, withdraw and export need, without reading (and
// decrypting) the whole ledger.
func (g *gdpr) patientIndex(patient string) (*consent.Index, []consent.Event, error) {
	if g.unseeded != nil {
		return nil, nil, g.unseeded
	}
	return consent.LoadPatientIndex(g.ctx, g.store, patient)
}

// writeFileAtomic writes data to name through a temporary file in the same
// directory, readable by the owner only: a crash leaves the old file or
// the new one, never half of it.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".custodiactl-*")
	if err != nil {
		return newExitError(exitNotFound, err, "cannot write %s", name)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after the rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return newExitError(exitNotFound, err, "cannot write %s", name)
	}
	return nil
}

// controller returns the practice's details: from --controller FILE or
// $CUSTODIA_CONTROLLER when given, else those stored in the vault
// ("custodiactl practice set").
func (g *gdpr) controller(ctx *runContext, file string) (consent.Controller, error) {
	if file != "" || ctx.getenv(envController) != "" || g.practice == nil {
		return ctx.loadController(file)
	}
	c, err := g.practice()
	if errors.Is(err, vault.ErrNotFound) {
		return c, usageErrorf("no practice details: store them with \"custodiactl practice set\" (or use --controller FILE or set %s)", envController)
	}
	return c, err
}

// loadController reads the controller details from --controller or
// $CUSTODIA_CONTROLLER (JSON with name, address, country, email, phone,
// url, dpoContact).
func (ctx *runContext) loadController(file string) (consent.Controller, error) {
	if file == "" {
		file = ctx.getenv(envController)
	}
	if file == "" {
		return consent.Controller{}, usageErrorf("no controller details: use --controller FILE or set %s (JSON with name, address, country, email, phone, dpoContact)", envController)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return consent.Controller{}, newExitError(exitNotFound, err, "cannot read --controller %s", file)
	}
	var c consent.Controller
	if err := strictJSON(data, &c); err != nil {
		return c, newExitError(exitValidation, err, "--controller %s: %v", file, err)
	}
	if strings.TrimSpace(c.Name) == "" {
		return c, newExitError(exitValidation, nil, "--controller %s: name is required", file)
	}
	return c, nil
}

// consentMessage turns a consent-domain error into a message: the domain
// promises ids and codes only, never personal data, so the text is shown
// without the package prefixes. Other errors pass through to the central
// mapping.
func consentMessage(err error) error {
	if err == nil {
		return nil
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	var dup *consent.DuplicateError
	var ve *consent.ValidationError
	switch {
	case errors.As(err, &dup):
		return newExitError(exitValidation, err, "an open request of the same patient and type exists: %s (use --force if this is a different matter)",
			strings.Join(dup.IDs, ", "))
	case errors.As(err, &ve):
		return newExitError(exitValidation, err, "invalid input: %s", cleanConsent(ve.Error()))
	case errors.Is(err, consent.ErrPermission) && !errors.Is(err, vault.ErrPermission):
		return newExitError(exitPermission, err, "permission denied: %s", cleanConsent(err.Error()))
	case errors.Is(err, consent.ErrNotDecided):
		return newExitError(exitValidation, err, "not yet: %s", cleanConsent(err.Error()))
	case errors.Is(err, consent.ErrTransition):
		return newExitError(exitValidation, err, "not allowed: %s", cleanConsent(err.Error()))
	}
	return err
}

// cleanConsent removes the "consent: " sentinel prefixes from a domain message.
func cleanConsent(s string) string {
	s = strings.ReplaceAll(s, ": consent: ", ": ")
	s = strings.TrimPrefix(s, "invalid: ")
	s = strings.ReplaceAll(s, "consent: ", "")
	s = strings.ReplaceAll(s, "role \"", "role ")
	s = strings.ReplaceAll(s, "\" lacks", " lacks")
	return s
}

// requirePatient checks that id names a patient of this vault before
// something is recorded about it, so that a mistyped id does not leave
// orphan records. Requests may also concern an erased patient (asking
// what was kept); consents may not.
func (g *gdpr) requirePatient(id string, erasedOK bool) error {
	_, err := g.vault.GetPatient(id)
	if err == nil || !errors.Is(err, vault.ErrNotFound) {
		return err
	}
	erased, eerr := g.vault.Erased(id)
	switch {
	case eerr != nil:
		return eerr
	case erased && erasedOK:
		return nil
	case erased:
		return newExitError(exitValidation, err, "patient %s was erased (GDPR Art. 17)", safeID(id))
	}
	return newExitError(exitNotFound, err, "no patient with id %s", safeID(id))
}
