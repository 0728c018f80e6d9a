package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"custodia/app"
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
	return newGroup("totp", "second factor (authenticator app) for unlocking",
		totpEnrol(), totpDisable(), totpStatus(), totpRequire())
}

func totpEnrol() *command {
	c := newCommand("enrol", "[flags]", "enrol your own second factor (two steps)")
	c.help = `Step 1, without --confirm: prints an otpauth:// URI (paste it into an
authenticator app, or use the desktop app's QR code) and ten one-time backup
codes. Print the backup codes or write them down: each unlocks once when the
phone is lost. Step 2: run again with --confirm CODE, the code the app shows
now. From then on unlocking asks for a code (--code, $` + envTOTPCode + ` or a
prompt).`
	vf := addVaultFlags(c.flags)
	confirm := c.flags.String("confirm", "", "finish enrolling with the `code` the authenticator app shows")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		if *confirm != "" {
			if err := app.ConfirmTOTP(s, *confirm); err != nil {
				return err
			}
			fmt.Fprintln(ctx.stdout, "second factor enrolled: unlocking now asks for a code")
			return nil
		}
		e, err := app.BeginTOTP(s)
		if err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "add this to your authenticator app:\n\n  %s\n\n", e.URI)
		fmt.Fprintf(ctx.stdout, "secret (to type in by hand): %s\n\n", e.Secret)
		fmt.Fprintf(ctx.stdout, "backup codes, each usable once (print or write them down now, they are shown only once):\n\n  %s\n\n",
			strings.Join(e.BackupCodes, "\n  "))
		fmt.Fprintln(ctx.stdout, "then finish with: custodiactl user totp enrol --confirm CODE")
		return nil
	}
	return c
}

func totpDisable() *command {
	c := newCommand("disable", "[flags] [NAME]", "remove a second factor (yours, or any user's as administrator)")
	vf := addVaultFlags(c.flags)
	c.nargs = maxArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		name := userArg(s, args)
		if err := app.DisableTOTP(s, name); err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "removed the second factor of %q\n", name)
		return nil
	}
	return c
}

func totpStatus() *command {
	c := newCommand("status", "[flags] [NAME]", "show whether a user has a second factor")
	vf := addVaultFlags(c.flags)
	c.nargs = maxArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		name := userArg(s, args)
		st, err := app.TOTPStatus(s, name)
		if err != nil {
			return err
		}
		left := "only the user can see"
		if st.BackupCodesLeft >= 0 {
			left = strconv.Itoa(st.BackupCodesLeft)
		}
		fmt.Fprintf(ctx.stdout, "user %q: enrolled %s, required %s, backup codes left %s\n", name, yesNo(st.Enrolled), yesNo(st.Required), left)
		return nil
	}
	return c
}

func totpRequire() *command {
	c := newCommand("require", "[flags] on|off|show", "require a second factor for administrators and DPOs (practice setting)")
	c.help = `With "on", administrators and DPOs without a second factor can do nothing
after unlocking but enrol one. The setting is stored in the vault, MACed.`
	vf := addVaultFlags(c.flags)
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		if args[0] != "on" && args[0] != "off" && args[0] != "show" {
			return usageErrorf("want on, off or show, not %q", args[0])
		}
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		if args[0] != "show" {
			if err := app.SetRequireTOTP(s, args[0] == "on"); err != nil {
				return err
			}
		}
		on, err := app.RequireTOTP(s)
		if err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "second factor required for administrators and DPOs: %s\n", yesNo(on))
		return nil
	}
	return c
}

// userArg is the user a totp command acts on: the optional NAME argument,
// else the signed-in user.
func userArg(s *vault.Session, args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return s.User().Name
}
