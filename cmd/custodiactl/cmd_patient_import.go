package main

import (
	"context"
	"errors"
	"io"

	"custodia/app"
	"custodia/vault/patientcsv"
)

// importFile unlocks the vault, checks the file and imports it in one
// transaction. Ctrl-C (SIGINT) or SIGTERM stops it while the key is
// derived or between batches: the transaction is rolled back, nothing of
// the file is stored, and the run ends with exit code 130.
func importFile(ctx *runContext, vf *vaultFlags, r io.Reader, name string, opts patientcsv.Options) error {
	cc, stop := ctx.interruptContext()
	defer stop()
	_, vs, closeFn, err := ctx.unlockContext(cc, vf)
	if err != nil {
		return importCancelled(ctx, err)
	}
	defer closeFn()
	ps, err := app.CheckPatientCSV(vs.Session, r, opts)
	if err != nil {
		return err
	}
	added, err := app.ImportPatients(cc, vs.Session, ps)
	if err != nil {
		return importCancelled(ctx, err)
	}
	return ctx.say("cli4.patient.imported", "Count", ctx.words().Int(len(added)), "File", name)
}

// importCancelled words a cancelled import for people (exit code 130).
func importCancelled(ctx *runContext, err error) error {
	if errors.Is(err, context.Canceled) {
		return fail(exitCancelled, err, "cancel.import.cli")
	}
	return err
}

// interruptContext is cancelled by SIGINT or SIGTERM (or the test hook).
func (ctx *runContext) interruptContext() (context.Context, func()) {
	if ctx.hooks.interrupt != nil {
		return ctx.hooks.interrupt()
	}
	return signalContext()
}
