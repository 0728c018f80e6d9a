package main

import (
	"custodia/vault"
)

// Vault is the "custodiactl vault" group: key management of the vault file.
func vaultCommand() *command {
	return newGroup("vault", "cli3.cmd.vault", vaultRotate())
}

func vaultRotate() *command {
	c := newCommand("rotate", "[flags]", "cli3.cmd.vault.rotate")
	c.help = "cli3.help.vault.rotate"
	return leaf[vault.RotateReport]{nargs: noArgs, json: "cli3.flag.json",
		do: func(_ *runContext, u unlocked, _ []string) (vault.RotateReport, error) { return u.s.Rotate() },
		asJSON: func(_ unlocked, rep vault.RotateReport) any {
			return map[string]any{"generation": rep.Generation, "patients": rep.Patients, "sealed": rep.Sealed, "grants": rep.Grants}
		},
		show: func(ctx *runContext, _ unlocked, rep vault.RotateReport) error {
			loc := ctx.words()
			return ctx.say("cli4.vault.rotated", "Generation", rep.Generation, "Patients", loc.Int(rep.Patients),
				"Sealed", loc.Int(rep.Sealed), "Grants", loc.Int(rep.Grants))
		},
	}.build(c)
}
