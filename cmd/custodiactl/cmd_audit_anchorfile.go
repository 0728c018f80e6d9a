package main

import (
	"fmt"
	"path/filepath"
)

// auditAnchorFile sets, clears or shows the file the desktop app writes an
// anchor to whenever a session is locked (vault.SetAnchorFile).
func auditAnchorFile() *command {
	c := newCommand("anchor-file", "[PATH|off] [flags]", "show or set the file an anchor is written to on every lock")
	c.help = `The desktop app writes a signed anchor of the audit trail to this file
every time a session is locked (the lock button, the idle lock, quitting),
replacing the previous one. Choose a place away from the vault: a USB stick,
a network share the practice backs up. Without an argument the current
setting is shown; "off" stops it. Setting it needs an administrator; the
setting is signed, so an edit of the file is an integrity error.`
	vf := addVaultFlags(c.flags)
	c.nargs = maxArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		if len(args) == 0 {
			path, err := s.AnchorFile()
			if err != nil {
				return err
			}
			if path == "" {
				path = "off"
			}
			fmt.Fprintf(ctx.stdout, "anchor file on lock: %s\n", path)
			return nil
		}
		path := args[0]
		if path == "off" {
			path = ""
		} else if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		if err := s.SetAnchorFile(path); err != nil {
			return err
		}
		if path == "" {
			path = "off"
		}
		fmt.Fprintf(ctx.stdout, "anchor file on lock: %s\n", path)
		return nil
	}
	return c
}
