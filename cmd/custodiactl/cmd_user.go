package main

import (
	"strings"
	"time"

	"custodia/app"
	"custodia/i18n"
	"custodia/vault"
)

// User is the "custodiactl user" group.
func userCommand() *command {
	return newGroup("user", "cli3.cmd.user",
		userAdd(), userList(), userPasswd(), userDisable(), userEnable(), userRole(), userRecoveryCode(), userTOTP())
}

func userAdd() *command {
	c := newCommand("add", "[flags] NAME", "cli3.cmd.user.add")
	role := c.flags.String("role", "", "cli3.flag.role")
	newFile := c.flags.String("new-passphrase-file", "", "cli3.flag.user.add.new-passphrase-file")
	var r vault.Role
	return leaf[string]{nargs: exactArgs(1),
		check: func(ctx *runContext, _ []string) (err error) {
			r, err = parseRole(ctx, *role)
			return err
		},
		do: func(ctx *runContext, u unlocked, args []string) (string, error) {
			return args[0], ctx.withNewPassphrase(*newFile, args[0], func(pass []byte) error {
				cc, stop := ctx.interruptContext() // Ctrl+C during the key derivation writes nothing
				defer stop()
				_, err := app.AddUserContext(cc, u.s, args[0], r, pass)
				return err
			})
		},
		show: func(ctx *runContext, _ unlocked, name string) error {
			return ctx.say("cli4.user.added", "Name", name, "Role", ctx.words().Role(string(r)))
		},
	}.build(c)
}

// withNewPassphrase asks for the new passphrase of user (from file,
// $CUSTODIA_NEW_PASSPHRASE or typed twice), runs fn with it and wipes it.
func (ctx *runContext) withNewPassphrase(file, user string, fn func(pass []byte) error) error {
	pass, err := ctx.newPassphrase(file, "--new-passphrase-file", envNewPassphrase, ctx.words().T("cli2.prompt.newFor", "User", user))
	if err != nil {
		return err
	}
	defer wipe(pass)
	return fn(pass)
}

// parseRole reads a role code; an unknown one is refused with the roles by
// label and code, "Datenschutzbeauftragte (dpo)", as the reader types codes.
func parseRole(ctx *runContext, s string) (vault.Role, error) {
	if s == "" {
		return "", usage("cli4.user.roleRequired")
	}
	r, err := vault.ParseRole(s)
	if err != nil {
		return "", usage("cli4.user.unknownRole", "Role", codeArg(s), "Roles", roleChoices(ctx.words()))
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
	return readLeaf(newCommand("list", "[flags]", "cli3.cmd.user.list"), noArgs, nil,
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
	loc := ctx.words()
	t := &table{}
	t.head(loc, "name", "role", "disabled", "created")
	for _, u := range users {
		t.add(u.Name, loc.Role(string(u.Role)), yesNoText(loc, u.Disabled), loc.DateTime(u.CreatedAt.UTC()))
	}
	return t.write(ctx.stdout)
}

func userPasswd() *command {
	c := newCommand("passwd", "[flags] [NAME]", "cli3.cmd.user.passwd")
	c.help = "cli3.help.user.passwd"
	vf := addVaultFlags(c.flags)
	newFile := c.flags.String("new-passphrase-file", "", "cli3.flag.user.passwd.new-passphrase-file")
	recovery := c.flags.Bool("recovery", false, "cli3.flag.recovery")
	codeFile := c.flags.String("recovery-code-file", "", "cli3.flag.recovery-code-file")
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
	err = ctx.withNewPassphrase(newFile, name, func(pass []byte) error {
		if name == self {
			cc, stop := ctx.interruptContext()
			defer stop()
			return app.ChangePassphraseContext(cc, s, old, pass)
		}
		return app.ResetPassphrase(s, name, pass)
	})
	if err != nil {
		return err
	}
	return ctx.say("cli4.user.passwdChanged", "Name", name)
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
	err = ctx.withNewPassphrase(newFile, name, func(pass []byte) error { return app.ResetPassphrase(s, name, pass) })
	if err != nil {
		return err
	}
	return ctx.say("cli4.user.passwdReset", "Name", name)
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

// userChange completes a leaf that applies fn to the user named by the
// first argument and then says done (a message with the user's .Name).
func userChange(c *command, nargs int, done string, fn func(ctx *runContext, s *vault.Session, args []string) error) *command {
	return leaf[string]{nargs: exactArgs(nargs),
		do: func(ctx *runContext, u unlocked, args []string) (string, error) {
			return args[0], fn(ctx, u.s, args)
		},
		show: func(ctx *runContext, _ unlocked, name string) error { return ctx.say(done, "Name", name) },
	}.build(c)
}

func userDisable() *command {
	return userChange(newCommand("disable", "[flags] NAME", "cli3.cmd.user.disable"), 1, "cli4.user.disabled",
		func(_ *runContext, s *vault.Session, args []string) error { return app.DisableUser(s, args[0]) })
}

func userEnable() *command {
	c := newCommand("enable", "[flags] NAME", "cli3.cmd.user.enable")
	c.help = "cli3.help.user.enable"
	newFile := c.flags.String("new-passphrase-file", "", "cli3.flag.user.enable.new-passphrase-file")
	return userChange(c, 1, "cli4.user.enabled", func(ctx *runContext, s *vault.Session, args []string) error {
		return ctx.withNewPassphrase(*newFile, args[0], func(pass []byte) error { return app.EnableUser(s, args[0], pass) })
	})
}

func userRole() *command {
	return userChange(newCommand("role", "[flags] NAME ROLE", "cli3.cmd.user.role"), 2, "cli4.user.roleChanged",
		func(ctx *runContext, s *vault.Session, args []string) error {
			r, err := parseRole(ctx, args[1])
			if err != nil {
				return err
			}
			return app.SetRole(s, args[0], r)
		})
}

func userRecoveryCode() *command {
	c := newCommand("recovery-code", "[flags]", "cli3.cmd.user.recovery-code")
	c.help = "cli3.help.user.recovery-code"
	return leaf[string]{nargs: noArgs,
		do: func(_ *runContext, u unlocked, _ []string) (string, error) { return app.NewRecoveryCode(u.s) },
		show: func(ctx *runContext, _ unlocked, code string) error {
			printRecoveryCode(ctx, code)
			return ctx.say("cli4.user.recoveryReplaced")
		},
	}.build(c)
}

// roleChoices lists every role as "label (code)" in the reader's language.
func roleChoices(loc *i18n.Localizer) string {
	codes := make([]string, 0, len(vault.Roles()))
	for _, r := range vault.Roles() {
		codes = append(codes, string(r))
	}
	return strings.Join(app.AllowedWords(loc, "role", codes, true), ", ")
}
