package main

import (
	"context"
	"errors"
	"fmt"

	"custodia/app"
	"custodia/vault"
)

// Init is "custodiactl init".
func initCommand() *command {
	c := newCommand("init", "[flags]", "create a new vault with its first administrator")
	c.help = `The administrator is --user (default "admin"); the passphrase comes from
--passphrase-file, $CUSTODIA_PASSPHRASE or is typed twice. The recovery code
is printed once: print it or write it down and keep it away from the computer.`
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
		fmt.Fprintf(ctx.stdout, "created vault %s with administrator %q\n\n", path, user)
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
	fmt.Fprintf(ctx.stdout, "recovery code: %s\n\n", code)
	fmt.Fprintln(ctx.stdout, "print this code or write it down now and store it somewhere safe, away from")
	fmt.Fprintln(ctx.stdout, "this computer. It unlocks the vault if every passphrase is lost. It is shown")
	fmt.Fprintln(ctx.stdout, "only this once.")
}

func createError(path string, err error) error {
	if errors.Is(err, vault.ErrExists) {
		return newExitError(exitValidation, err, "a file already exists at %s; choose another path", path)
	}
	return err
}

// Demo is "custodiactl demo".
func demoCommand() *command {
	c := newCommand("demo", "[flags]", "create a demo vault filled with synthetic patients")
	c.help = `The demo accounts and their passphrases are fixed and public (see the output):
never put real patients into a demo vault.`
	path := c.flags.String("vault", "", "vault `file` to create (default $"+envVault+")")
	n := c.flags.Int("patients", 300, "number of synthetic patients")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		p, err := ctx.vaultPath(&vaultFlags{path: *path})
		if err != nil {
			return err
		}
		if *n < 0 {
			return usageErrorf("--patients must not be negative")
		}
		creds, err := app.CreateDemoVault(p, *n, ctx.vaultOptions())
		if err != nil {
			return createError(p, err)
		}
		fmt.Fprintf(ctx.stdout, "created demo vault %s with %d synthetic patients\n\n", p, *n)
		t := &table{}
		t.add("USER", "ROLE", "PASSPHRASE (public, demo only)")
		for _, u := range creds.Users {
			t.add(u.Name, string(u.Role), u.Passphrase)
		}
		if err := t.write(ctx.stdout); err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "\nrecovery code: %s\n", creds.RecoveryCode)
		return nil
	}
	return c
}
