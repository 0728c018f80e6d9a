package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"custodia/app"
	"custodia/vault"
)

// maxAnchorFile bounds anchor files (a few hundred bytes per staff key).
const maxAnchorFile = 1 << 20

func auditAnchor() *command {
	c := newCommand("anchor", "--out FILE [flags]", "cli3.cmd.audit.anchor")
	c.help = "cli3.help.audit.anchor"
	vf := addVaultFlags(c.flags)
	out := c.flags.String("out", "", "cli3.flag.audit.anchor.out")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if *out == "" {
			return usageErrorf("audit anchor: --out FILE is required")
		}
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		a, data, err := app.AnchorAudit(s)
		if err != nil {
			return err
		}
		if err := writeNewFile(*out, data); err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "anchored audit entry %d (%d signing keys) in %s\n", a.Seq, len(a.Keys), *out)
		return nil
	}
	return c
}

// writeNewFile writes data to a file that must not exist yet.
func writeNewFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return newExitError(exitValidation, err, "%s already exists; choose another file", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

func verifyWithAnchor(s *vault.Session, path string, data []byte) (int64, error) {
	n, err := app.VerifyAuditAnchor(s, data)
	if errors.Is(err, app.ErrBadAnchor) {
		return 0, newExitError(exitValidation, err, "%s: %v", path, err)
	}
	return n, err
}

func readAnchorFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, newExitError(exitNotFound, err, "cannot read anchor file %s", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxAnchorFile+1))
	if err != nil {
		return nil, newExitError(exitNotFound, err, "cannot read anchor file %s", path)
	}
	if len(data) > maxAnchorFile {
		return nil, newExitError(exitValidation, nil, "%s is larger than an anchor file can be", path)
	}
	return data, nil
}
