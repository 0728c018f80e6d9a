package main

import (
	"errors"
	"os"
	"strings"

	"golang.org/x/term"

	"custodia/app"
	"custodia/i18n"
	"custodia/vault"
)

// envTOTPCode holds a second-factor code for non-interactive use.
const envTOTPCode = "CUSTODIA_TOTP_CODE"

// unlockVault opens a session for user: with the code from --code or
// $CUSTODIA_TOTP_CODE, or, when the vault asks for one and stdin is a
// terminal, a code typed at a prompt.
func (ctx *runContext) unlockVault(v *vault.Vault, vf *vaultFlags, user string, pass []byte) (*vault.Session, error) {
	var s *vault.Session
	err := ctx.withCode(vf, func(code string) error {
		var err error
		s, err = v.UnlockWithCode(user, pass, code)
		return err
	})
	return s, err
}

// withCode calls unlock with the code from --code or $CUSTODIA_TOTP_CODE
// ("" for none) and, when the vault asks for a code and stdin is a
// terminal, once more with a code typed at a prompt.
func (ctx *runContext) withCode(vf *vaultFlags, unlock func(code string) error) error {
	code := vf.totpCode
	if code == "" {
		code = ctx.getenv(envTOTPCode)
	}
	err := unlock(code)
	if !errors.Is(err, vault.ErrTOTPRequired) || !ctx.isTerminal() {
		return err
	}
	typed, perr := ctx.prompt(ctx.words().T("cli2.prompt.code"), ctx.hint("--code", envTOTPCode))
	if perr != nil {
		return perr
	}
	return unlock(string(typed))
}

func (ctx *runContext) isTerminal() bool {
	f, ok := ctx.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// userTOTP is "custodiactl user totp".
func userTOTP() *command {
	return newGroup("totp", "cli3.cmd.user.totp",
		totpEnrol(), totpDisable(), totpStatus(), totpRequire())
}

func totpEnrol() *command {
	c := newCommand("enrol", "[flags]", "cli3.cmd.user.totp.enrol")
	c.help = "cli3.help.user.totp.enrol"
	confirm := c.flags.String("confirm", "", "cli3.flag.confirm")
	return leaf[*vault.TOTPEnrolment]{nargs: noArgs,
		do: func(_ *runContext, u unlocked, _ []string) (*vault.TOTPEnrolment, error) {
			if *confirm != "" {
				return nil, app.ConfirmTOTP(u.s, *confirm)
			}
			e, err := app.BeginTOTP(u.s)
			return &e, err
		},
		show: func(ctx *runContext, _ unlocked, e *vault.TOTPEnrolment) error {
			if e == nil {
				return ctx.say("cli4.totp.enrolled")
			}
			return ctx.say("cli4.totp.begin", "URI", e.URI, "Secret", e.Secret, "Codes", strings.Join(e.BackupCodes, "\n  "))
		},
	}.build(c)
}

func totpDisable() *command {
	c := newCommand("disable", "[flags] [NAME]", "cli3.cmd.user.totp.disable")
	return leaf[string]{nargs: maxArgs(1),
		do: func(_ *runContext, u unlocked, args []string) (string, error) {
			name := userArg(u.s, args)
			return name, app.DisableTOTP(u.s, name)
		},
		show: func(ctx *runContext, _ unlocked, name string) error {
			return ctx.say("cli4.totp.removed", "Name", name)
		},
	}.build(c)
}

// totpState is a user's second factor as "user totp status" shows it.
type totpState struct {
	name string
	st   vault.TOTPStatus
}

func totpStatus() *command {
	c := newCommand("status", "[flags] [NAME]", "cli3.cmd.user.totp.status")
	return leaf[totpState]{nargs: maxArgs(1),
		do: func(_ *runContext, u unlocked, args []string) (totpState, error) {
			name := userArg(u.s, args)
			st, err := app.TOTPStatus(u.s, name)
			return totpState{name, st}, err
		},
		show: func(ctx *runContext, _ unlocked, v totpState) error {
			loc := ctx.words()
			return ctx.say("cli4.totp.status", "Name", v.name, "Enrolled", yesNoText(loc, v.st.Enrolled),
				"Required", yesNoText(loc, v.st.Required), "Left", backupCodesLeftText(loc, v))
		},
	}.build(c)
}

func totpRequire() *command {
	c := newCommand("require", "[flags] on|off|show", "cli3.cmd.user.totp.require")
	c.help = "cli3.help.user.totp.require"
	return leaf[bool]{nargs: exactArgs(1),
		check: func(_ *runContext, args []string) error {
			if args[0] != "on" && args[0] != "off" && args[0] != "show" {
				return usage("cli4.totp.onOff", "Arg", codeArg(args[0]))
			}
			return nil
		},
		do: func(_ *runContext, u unlocked, args []string) (bool, error) {
			if args[0] != "show" {
				if err := app.SetRequireTOTP(u.s, args[0] == "on"); err != nil {
					return false, err
				}
			}
			return app.RequireTOTP(u.s)
		},
		show: func(ctx *runContext, _ unlocked, on bool) error {
			return ctx.say("cli4.totp.required", "On", yesNoText(ctx.words(), on))
		},
	}.build(c)
}

// userArg is the user a totp command acts on: the optional NAME argument,
// else the signed-in user.
func userArg(s *vault.Session, args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return s.User().Name
}

// backupCodesLeftText words the backup codes left: none without a second
// factor, the count when the vault tells it (the user's own status), and
// for another user that only they can see it, since only their own key
// opens the codes (vault.TOTPStatus keeps the count from anyone else).
func backupCodesLeftText(loc *i18n.Localizer, v totpState) string {
	switch {
	case !v.st.Enrolled:
		return loc.T("clierr.totp.leftNone")
	case v.st.BackupCodesLeft < 0:
		return loc.T("clierr.totp.leftOtherUser", "Name", v.name)
	}
	return loc.Int(v.st.BackupCodesLeft)
}
