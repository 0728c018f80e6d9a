package main

import (
	"io"
	"time"

	"custodia/app"
	"custodia/i18n"
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

// leaf is the common shape of a command over the vault: its input
// checked before anything is unlocked, one step on the unlocked vault,
// the result printed for people or, with --json, as JSON. The leaf's own
// flags are declared on the command before; check and do read them.
type leaf[T any] struct {
	nargs func(int) bool // positional arguments (nil: any number)
	// json is the help of --json; "" declares no --json.
	json string
	// check reads and checks the input before the vault is opened (nil:
	// nothing to check); a usage error here never asks for a passphrase.
	check func(ctx *runContext, args []string) error
	// do is the step on the unlocked vault.
	do func(ctx *runContext, u unlocked, args []string) (T, error)
	// show prints the result for people, in the run's language.
	show func(ctx *runContext, u unlocked, v T) error
	// asJSON is what --json prints (nil: the result itself).
	asJSON func(u unlocked, v T) any
}

// build completes c: the vault flags, --json, the argument check and the
// run function.
func (l leaf[T]) build(c *command) *command {
	return buildLeaf(c, l.nargs, l.json, l.check, l.do, func(ctx *runContext, u unlocked, v T, asJSON bool) error {
		switch {
		case asJSON && l.asJSON != nil:
			return writeJSON(ctx.stdout, l.asJSON(u, v))
		case asJSON:
			return writeJSON(ctx.stdout, v)
		case l.show != nil:
			return l.show(ctx, u, v)
		}
		return nil
	})
}

// buildLeaf is the one place that wires a leaf over the vault: the vault
// flags, --json when jsonHelp is given, check before unlocking, do on the
// unlocked vault (with the clock a test set in-process) and write with
// the result.
func buildLeaf[T any](c *command, nargs func(int) bool, jsonHelp string,
	check func(ctx *runContext, args []string) error,
	do func(ctx *runContext, u unlocked, args []string) (T, error),
	write func(ctx *runContext, u unlocked, v T, asJSON bool) error) *command {
	vf := addVaultFlags(c.flags)
	asJSON := new(bool)
	if jsonHelp != "" {
		asJSON = c.flags.Bool("json", false, jsonHelp)
	}
	c.nargs = nargs
	c.run = func(ctx *runContext, args []string) error {
		// check and do see the same clock (an add's default date is
		// today, which the vault must not find in the future).
		if err := ctx.applyTestClock(); err != nil {
			return err
		}
		if check != nil {
			if err := check(ctx, args); err != nil {
				return err
			}
		}
		return ctx.withVault(vf, func(u unlocked) error {
			v, err := do(ctx, u, args)
			if err != nil {
				return err
			}
			return write(ctx, u, v, *asJSON)
		})
	}
	return c
}

// readLeaf completes c as a read-only command with --json whose write
// prints both forms itself: the positional arguments checked by nargs
// and the input by check (nil: none), read run on the unlocked vault.
func readLeaf[T any](c *command, nargs func(int) bool, check func(args []string) error,
	read func(u unlocked, args []string) (T, error),
	write func(ctx *runContext, v T, asJSON bool) error) *command {
	var chk func(*runContext, []string) error
	if check != nil {
		chk = func(_ *runContext, args []string) error { return check(args) }
	}
	return buildLeaf(c, nargs, "cli3.flag.json", chk,
		func(_ *runContext, u unlocked, args []string) (T, error) { return read(u, args) },
		func(ctx *runContext, _ unlocked, v T, asJSON bool) error { return write(ctx, v, asJSON) })
}

// mapEach is f applied to every element, as a JSON array (never null).
func mapEach[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// clockedList completes a leaf that lists things with a clock (requests,
// breaches): a table written by write, or as JSON each element shaped by
// toJSON, both at the run's instant.
func clockedList[T, J any](c *command, list func(u unlocked) ([]T, error),
	write func(io.Writer, *i18n.Localizer, []T, time.Time) error, toJSON func(T, time.Time) J) *command {
	return leaf[[]T]{nargs: noArgs, json: "cli3.flag.json",
		do:   func(_ *runContext, u unlocked, _ []string) ([]T, error) { return list(u) },
		show: func(ctx *runContext, u unlocked, xs []T) error { return write(ctx.stdout, ctx.words(), xs, u.uc.Now()) },
		asJSON: func(u unlocked, xs []T) any {
			return mapEach(xs, func(x T) J { return toJSON(x, u.uc.Now()) })
		},
	}.build(c)
}
