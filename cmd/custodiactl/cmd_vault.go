package main

import (
	"context"
	"errors"

	"custodia/app"
	"custodia/vault"
)

// Init is "custodiactl init".
func initCommand() *command {
	c := newCommand("init", "[flags]", "cli3.cmd.init")
	c.help = "cli3.help.init"
	vf := addVaultFlags(c.flags)
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		path, err := ctx.vaultPath(vf)
		if err != nil {
			return err
		}
		pass, err := ctx.initPassphrase(vf)
		if err != nil {
			return err
		}
		defer wipe(pass)
		user := ctx.userName(vf)
		code, err := app.CreateVault(context.Background(), path, user, pass, ctx.vaultOptions())
		if err != nil {
			return createError(path, err)
		}
		if err := ctx.say("cli4.vault.created", "Path", path, "User", user); err != nil {
			return err
		}
		printRecoveryCode(ctx, code)
		return nil
	}
	return c
}

// initPassphrase is a new passphrase, so a prompt asks twice.
func (ctx *runContext) initPassphrase(vf *vaultFlags) ([]byte, error) {
	if vf.passphraseFile != "" || ctx.getenv(envPassphrase) != "" {
		return ctx.passphrase(vf, "")
	}
	return ctx.newPassphrase("", "--passphrase-file", envPassphrase, ctx.words().T("cli2.prompt.new"))
}

func printRecoveryCode(ctx *runContext, code string) {
	ctx.say("cli4.vault.recoveryCode", "Code", code)
}

func createError(path string, err error) error {
	if errors.Is(err, vault.ErrExists) {
		return invalid(err, "cli4.vault.exists", "Path", path)
	}
	return err
}

// Demo is "custodiactl demo".
func demoCommand() *command {
	c := newCommand("demo", "[flags]", "cli3.cmd.demo")
	c.help = "cli3.help.demo"
	path := c.flags.String("vault", "", "cli3.flag.demo.vault")
	n := c.flags.Int("patients", 300, "cli3.flag.patients")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		p, err := ctx.vaultPath(&vaultFlags{path: *path})
		if err != nil {
			return err
		}
		if *n < 0 {
			return usage("cli4.vault.negativePatients")
		}
		creds, err := app.CreateDemoVault(p, *n, ctx.vaultOptions(), app.WithDemoLanguage(ctx.words().Lang()))
		if err != nil {
			return createError(p, err)
		}
		loc := ctx.words()
		if err := ctx.say("cli4.vault.demoCreated", "Path", p, "Count", loc.Int(*n)); err != nil {
			return err
		}
		t := &table{}
		t.head(loc, "user", "role", "demoPassphrase")
		for _, u := range creds.Users {
			t.add(u.Name, loc.Role(string(u.Role)), u.Passphrase)
		}
		if err := t.write(ctx.stdout); err != nil {
			return err
		}
		return ctx.say("cli4.vault.demoRecovery", "Code", creds.RecoveryCode)
	}
	return c
}
