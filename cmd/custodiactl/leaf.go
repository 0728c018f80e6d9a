package main

import (
	"custodia/app"
	"custodia/vault"
)

// unlocked is an open vault as a leaf command sees it: the use cases
// (package app) and the vault session they run on, which the use cases
// of patients, users and audit take as their argument.
type unlocked struct {
	uc *app.Session
	s  *vault.Session
}

// withVault unlocks the vault named by vf (with the clock a test set
// in-process, as openApp), runs fn and locks the vault again.
func (ctx *runContext) withVault(vf *vaultFlags, fn func(u unlocked) error) error {
	if err := ctx.applyTestClock(); err != nil {
		return err
	}
	uc, vs, closeFn, err := ctx.unlock(vf)
	if err != nil {
		return err
	}
	defer closeFn()
	return fn(unlocked{uc: uc, s: vs.Session})
}

// readLeaf completes c as a read-only command of the common shape: the
// vault flags and --json; the positional arguments checked by nargs and
// the input by check (nil: none) before anything is unlocked; read run on
// the unlocked vault; its result printed by write, as JSON or for people.
// Flags of its own c declares before; check and read use them.
func readLeaf[T any](c *command, nargs func(int) bool, check func(args []string) error,
	read func(u unlocked, args []string) (T, error),
	write func(ctx *runContext, v T, asJSON bool) error) *command {
	vf := addVaultFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = nargs
	c.run = func(ctx *runContext, args []string) error {
		if check != nil {
			if err := check(args); err != nil {
				return err
			}
		}
		return ctx.withVault(vf, func(u unlocked) error {
			v, err := read(u, args)
			if err != nil {
				return err
			}
			return write(ctx, v, *asJSON)
		})
	}
	return c
}
