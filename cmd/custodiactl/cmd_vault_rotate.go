package main

import (
	"fmt"

	"custodia/vault"
)

// Vault is the "custodiactl vault" group: key management of the vault file.
func (commandSet) Vault() *command {
	return newGroup("vault", "manage the vault's keys", vaultRotate())
}

func vaultRotate() *command {
	c := newCommand("rotate", "[flags]", "replace every data key (after a staff member leaves)")
	c.help = `Makes new category keys, gives every patient a new data key and re-seals
every field, rebuilds the blind indexes, re-wraps subject and retention keys
and re-issues every enabled user's key grant. Passphrases stay; nobody has to
type theirs. Run as an administrator (or with the recovery code, after
"user passwd --recovery"), with the desktop app closed: other open sessions
must unlock again.

A copy of the vault made before the rotation still opens, with the keys of
that time, exactly what it held then; the rotated file opens to none of the
old keys. After rotating, write a new anchor (audit anchor --out FILE).`
	vf := addVaultFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		rep, err := s.Rotate()
		if err != nil {
			return err
		}
		return writeRotate(ctx, rep, *asJSON)
	}
	return c
}

func writeRotate(ctx *runContext, rep vault.RotateReport, asJSON bool) error {
	if asJSON {
		return writeJSON(ctx.stdout, map[string]any{"generation": rep.Generation, "patients": rep.Patients,
			"sealed": rep.Sealed, "grants": rep.Grants})
	}
	fmt.Fprintf(ctx.stdout, "rotated to key generation %d: %d patients re-sealed, %d other sealed values, %d key grants re-issued\n",
		rep.Generation, rep.Patients, rep.Sealed, rep.Grants)
	fmt.Fprintln(ctx.stdout, "now write a new anchor: custodiactl audit anchor --out FILE")
	return nil
}
