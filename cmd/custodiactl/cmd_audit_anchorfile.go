package main

import (
	"path/filepath"
)

// auditAnchorFile sets, clears or shows the file the desktop app writes an
// anchor to whenever a session is locked (vault.SetAnchorFile).
func auditAnchorFile() *command {
	c := newCommand("anchor-file", "[PATH|off] [flags]", "cli3.cmd.audit.anchor-file")
	c.help = "cli3.help.audit.anchor-file"
	return leaf[string]{nargs: maxArgs(1),
		do: func(_ *runContext, u unlocked, args []string) (string, error) {
			if len(args) == 0 {
				return u.s.AnchorFile()
			}
			path := args[0]
			if path == "off" {
				path = ""
			} else if abs, err := filepath.Abs(path); err == nil {
				path = abs
			}
			return path, u.s.SetAnchorFile(path)
		},
		show: func(ctx *runContext, _ unlocked, path string) error {
			if path == "" {
				return ctx.say("cli4.audit.anchorFileOff")
			}
			return ctx.say("cli4.audit.anchorFile", "File", path)
		},
	}.build(c)
}
