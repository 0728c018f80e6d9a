package main

import (
	"fmt"
	"time"

	"custodia/app"
	"custodia/vault"
)

// User is the "custodiactl user" group.
func userCommand() *command {
	return newGroup("user", "manage the staff accounts of a vault",
		userAdd(), userList(), userPasswd(), userDisable(), userEnable(), userRole(), userRecoveryCode(), userTOTP())
}

func userAdd() *command {
	c := newCommand("add", "[flags] NAME", "add a user with a role and a passphrase")
	vf := addVaultFlags(c.flags)
	role := c.flags.String("role", "", "role: admin, dpo, clinician, frontdesk or researcher (required)")
	newFile := c.flags.String("new-passphrase-file", "", "read the new user's passphrase from `file` (default $"+envNewPassphrase+", else a prompt)")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		r, err := parseRole(*role)
		if err != nil {
			return err
		}
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		pass, err := ctx.newPassphrase(*newFile, "--new-passphrase-file", envNewPassphrase, ctx.words().T("cli2.prompt.passphrase", "User", args[0]))
		if err != nil {
			return err
		}
		defer wipe(pass)
		if _, err := app.AddUser(s, args[0], r, pass); err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "added user %q with role %s\n", args[0], r)
		return nil
	}
	return c
}

func parseRole(s string) (vault.Role, error) {
	if s == "" {
		return "", usageErrorf("--role is required (admin, dpo, clinician, frontdesk or researcher)")
	}
	r, err := vault.ParseRole(s)
	if err != nil {
		return "", usageErrorf("unknown role %q (want admin, dpo, clinician, frontdesk or researcher)", s)
	}
	return r, nil
}

type userJSON struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

func userList() *command {
	return readLeaf(newCommand("list", "[flags]", "list users"), noArgs, nil,
		func(u unlocked, _ []string) ([]vault.User, error) { return app.ListUsers(u.s) },
		writeUsers)
}

func writeUsers(ctx *runContext, users []vault.User, asJSON bool) error {
	if asJSON {
		out := make([]userJSON, len(users))
		for i, u := range users {
			out[i] = userJSON{u.ID, u.Name, string(u.Role), u.Disabled, u.CreatedAt.UTC()}
		}
		return writeJSON(ctx.stdout, out)
	}
	t := &table{}
	t.add("NAME", "ROLE", "DISABLED", "CREATED")
	for _, u := range users {
		t.add(u.Name, string(u.Role), yesNo(u.Disabled), u.CreatedAt.UTC().Format(time.RFC3339))
	}
	return t.write(ctx.stdout)
}

func userPasswd() *command {
	c := newCommand("passwd", "[flags] [NAME]", "change your passphrase, or reset another user's")
	c.help = `Without NAME (or with your own name) you change your own passphrase, which
needs the current one. An administrator naming another user resets that user's
passphrase. With --recovery the vault is unlocked with the recovery code
(--recovery-code-file, $CUSTODIA_RECOVERY_CODE or a prompt) and the passphrase
of NAME (default --user) is reset. Only one key slot is rewritten, never the data.`
	vf := addVaultFlags(c.flags)
	newFile := c.flags.String("new-passphrase-file", "", "read the new passphrase from `file` (default $"+envNewPassphrase+", else a prompt)")
	recovery := c.flags.Bool("recovery", false, "unlock with the recovery code instead of a passphrase")
	codeFile := c.flags.String("recovery-code-file", "", "read the recovery code from `file`")
	c.nargs = maxArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		name := ctx.userName(vf)
		if len(args) == 1 {
			name = args[0]
		}
		if *recovery {
			return passwdRecovery(ctx, vf, name, *newFile, *codeFile)
		}
		return passwd(ctx, vf, name, *newFile)
	}
	return c
}

func passwd(ctx *runContext, vf *vaultFlags, name, newFile string) error {
	path, err := ctx.vaultPath(vf)
	if err != nil {
		return err
	}
	v, err := vault.Open(path, ctx.vaultOptions())
	if err != nil {
		return openError(path, err)
	}
	defer v.Close()
	self := ctx.userName(vf)
	old, err := ctx.passphrase(vf, ctx.words().T("cli2.prompt.current", "User", self))
	if err != nil {
		return err
	}
	defer wipe(old)
	s, err := ctx.unlockVault(v, vf, self, old)
	if err != nil {
		return err
	}
	defer s.Lock()
	pass, err := ctx.newPassphrase(newFile, "--new-passphrase-file", envNewPassphrase, ctx.words().T("cli2.prompt.newFor", "User", name))
	if err != nil {
		return err
	}
	defer wipe(pass)
	if name == self {
		err = app.ChangePassphrase(s, old, pass)
	} else {
		err = app.ResetPassphrase(s, name, pass)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "changed the passphrase of %q\n", name)
	return nil
}

func passwdRecovery(ctx *runContext, vf *vaultFlags, name, newFile, codeFile string) error {
	path, err := ctx.vaultPath(vf)
	if err != nil {
		return err
	}
	v, err := vault.Open(path, ctx.vaultOptions())
	if err != nil {
		return openError(path, err)
	}
	defer v.Close()
	code, err := ctx.recoveryCode(codeFile)
	if err != nil {
		return err
	}
	s, err := v.UnlockWithRecovery(string(code))
	wipe(code)
	if err != nil {
		return err
	}
	defer s.Lock()
	pass, err := ctx.newPassphrase(newFile, "--new-passphrase-file", envNewPassphrase, ctx.words().T("cli2.prompt.newFor", "User", name))
	if err != nil {
		return err
	}
	defer wipe(pass)
	if err := app.ResetPassphrase(s, name, pass); err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "reset the passphrase of %q with the recovery code\n", name)
	return nil
}

func (ctx *runContext) recoveryCode(file string) ([]byte, error) {
	if file != "" {
		return ctx.readSecretFile(file, "--recovery-code-file")
	}
	if c := ctx.getenv(envRecoveryCode); c != "" {
		return []byte(c), nil
	}
	return ctx.prompt(ctx.words().T("cli2.prompt.recovery"), ctx.hint("--recovery-code-file", envRecoveryCode))
}

// userChange builds a command that applies fn to the user named by the
// first argument.
func userChange(name, usage, summary, done string, nargs int, fn func(s *vault.Session, args []string) error) *command {
	c := newCommand(name, usage, summary)
	vf := addVaultFlags(c.flags)
	c.nargs = exactArgs(nargs)
	c.run = func(ctx *runContext, args []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		if err := fn(s, args); err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, done+"\n", args[0])
		return nil
	}
	return c
}

func userDisable() *command {
	return userChange("disable", "[flags] NAME", "disable a user (the account stays in the audit trail)",
		"disabled user %q", 1, func(s *vault.Session, args []string) error { return app.DisableUser(s, args[0]) })
}

func userEnable() *command {
	c := newCommand("enable", "[flags] NAME", "enable a disabled user with a new passphrase")
	c.help = `Disabling destroyed the user's keys, so enabling sets a new passphrase
(--new-passphrase-file, $CUSTODIA_NEW_PASSPHRASE or typed twice) and gives
the user new keys for their role.`
	vf := addVaultFlags(c.flags)
	newFile := c.flags.String("new-passphrase-file", "", "read the new passphrase from `file`")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		pass, err := ctx.newPassphrase(*newFile, "--new-passphrase-file", envNewPassphrase, ctx.words().T("cli2.prompt.newFor", "User", args[0]))
		if err != nil {
			return err
		}
		defer wipe(pass)
		if err := app.EnableUser(s, args[0], pass); err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "enabled user %q with a new passphrase\n", args[0])
		return nil
	}
	return c
}

func userRole() *command {
	return userChange("role", "[flags] NAME ROLE", "change a user's role",
		"changed the role of %q", 2, func(s *vault.Session, args []string) error {
			r, err := parseRole(args[1])
			if err != nil {
				return err
			}
			return app.SetRole(s, args[0], r)
		})
}

func userRecoveryCode() *command {
	c := newCommand("recovery-code", "[flags]", "replace the vault's recovery code (administrators)")
	c.help = `Writes a new recovery slot and prints the new code once; the old code stops
working at once. Do this after a recovery code was used, lost or seen by
someone who should not have it. Print the code or store it offline: it opens
an administrator session without any passphrase.`
	vf := addVaultFlags(c.flags)
	c.nargs = exactArgs(0)
	c.run = func(ctx *runContext, args []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		code, err := app.NewRecoveryCode(s)
		if err != nil {
			return err
		}
		printRecoveryCode(ctx, code)
		fmt.Fprintln(ctx.stdout, "The previous recovery code no longer works.")
		return nil
	}
	return c
}
