package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"custodia/app"
	"custodia/consent"
)

// Environment variables of the GDPR commands (documented in README.md).
const (
	// envController names the JSON file with the practice's controller
	// details (consent.Controller), the default for --controller.
	envController = "CUSTODIA_CONTROLLER"
)

// openApp opens and unlocks the vault for a GDPR command and returns its
// use cases (package app) with the run's clock fixed: every step of one
// command happens at the same instant. The close function locks the
// session and closes the vault.
func (ctx *runContext) openApp(vf *vaultFlags) (*app.Session, func(), error) {
	if err := ctx.applyTestClock(); err != nil {
		return nil, nil, err
	}
	uc, _, closeFn, err := ctx.unlock(vf)
	return uc, closeFn, err
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
		return time.Time{}, invalid(nil, "cli4.notATime", "Flag", flagName)
	}
	return t, nil
}

// writeFileAtomic writes data to name through a temporary file in the same
// directory, readable by the owner only: a crash leaves the old file or
// the new one, never half of it.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".custodiactl-*")
	if err != nil {
		return fail(exitNotFound, err, "cli4.file.cannotWrite", "File", name)
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
		return fail(exitNotFound, err, "cli4.file.cannotWrite", "File", name)
	}
	return nil
}

// controllerFor returns the practice's details: from --controller FILE or
// $CUSTODIA_CONTROLLER when given, else those stored in the vault
// ("custodiactl practice set").
func controllerFor(ctx *runContext, uc *app.Session, file string) (consent.Controller, error) {
	if file != "" || ctx.getenv(envController) != "" {
		return ctx.loadController(file)
	}
	c, err := uc.Controller()
	if errors.Is(err, app.ErrNoController) {
		return c, usage("cli4.consent.noPractice", "Env", envController)
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
		return consent.Controller{}, usage("cli4.consent.noController", "Env", envController)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return consent.Controller{}, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", "--controller", "File", file)
	}
	var c consent.Controller
	if err := strictJSON(data, &c); err != nil {
		return c, invalid(err, "cli4.badFile", "Flag", "--controller", "File", file, "Problem", jsonProblem{err})
	}
	if strings.TrimSpace(c.Name) == "" {
		return c, invalid(nil, "cli4.consent.controllerName", "File", file)
	}
	return c, nil
}

// consentMessage words a duplicate request with the ids of the open
// ones; every other error passes through to the central mapping
// (describeTyped: use-case kinds, fields, refused steps and permissions by
// their codes; then the sentinels), which never shows the domain's text.
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
	var ae *app.Error
	var step *consent.StepError
	switch {
	case errors.As(err, &ae), errors.As(err, &ve), errors.As(err, &step):
		return err // worded by describeTyped: its kind, fields or step
	case errors.As(err, &dup):
		return invalid(err, "cli4.consent.duplicate", "IDs", strings.Join(dup.IDs, ", "))
	}
	return err
}

// appExitCode is the exit code of a use-case error kind.
func appExitCode(kind error) int {
	switch kind {
	case app.ErrUnknownPatient, app.ErrUnknownPurpose, app.ErrNoText, app.ErrNoActiveConsent, app.ErrUnknownRequest, app.ErrUnknownRule,
		app.ErrUnknownUser, app.ErrNoEnrolment:
		return exitNotFound
	case app.ErrCatalogueEmpty:
		return exitPermission
	case app.ErrNoController, app.ErrBadPage, app.ErrBadAuditFormat:
		return exitUsage
	}
	return exitValidation
}
