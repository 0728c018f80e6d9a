package main

import (
	"fmt"
	"path/filepath"
)

// auditAnchorFile sets, clears or shows the file the desktop app writes an
// anchor to whenever a session is locked (vault.SetAnchorFile).
func auditAnchorFile() *command {
	c := newCommand("anchor-file", "[PATH|off] [flags]", "cli3.cmd.audit.anchor-file")
	c.help = "cli3.help.audit.anchor-file"
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
