package main

import (
	"errors"
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
	out := c.flags.String("out", "", "cli3.flag.audit.anchor.out")
	return leaf[vault.Anchor]{nargs: noArgs, check: requireFlag(out, "cli4.audit.anchorOut"),
		do: func(_ *runContext, u unlocked, _ []string) (vault.Anchor, error) {
			a, data, err := app.AnchorAudit(u.s)
			if err != nil {
				return a, err
			}
			return a, writeNewFile(*out, data)
		},
		show: func(ctx *runContext, _ unlocked, a vault.Anchor) error {
			return ctx.say("cli4.audit.anchored", "Seq", a.Seq, "Keys", len(a.Keys), "File", *out)
		},
	}.build(c)
}

// writeNewFile writes data to a file that must not exist yet.
func writeNewFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return invalid(err, "cli4.file.exists", "File", path)
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
		return 0, invalid(err, "cli4.audit.badAnchor", "File", path)
	}
	return n, err
}

func readAnchorFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fail(exitNotFound, err, "cli4.audit.cannotReadAnchor", "File", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxAnchorFile+1))
	if err != nil {
		return nil, fail(exitNotFound, err, "cli4.audit.cannotReadAnchor", "File", path)
	}
	if len(data) > maxAnchorFile {
		return nil, invalid(nil, "cli4.audit.anchorTooLarge", "File", path)
	}
	return data, nil
}
