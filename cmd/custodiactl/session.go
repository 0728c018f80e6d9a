package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"custodia/app"
	"custodia/vault"
)

// Environment variables read by custodiactl (documented in doc.go).
const (
	envVault         = "CUSTODIA_VAULT"
	envUser          = "CUSTODIA_USER"
	envPassphrase    = "CUSTODIA_PASSPHRASE"
	envNewPassphrase = "CUSTODIA_NEW_PASSPHRASE"
	envRecoveryCode  = "CUSTODIA_RECOVERY_CODE"
)

// maxSecretFile bounds passphrase and recovery-code files.
const maxSecretFile = 4096

// vaultFlags are the flags every vault command takes.
type vaultFlags struct {
	path           string
	user           string
	passphraseFile string
	totpCode       string
}

// addVaultFlags declares --vault, --user and --passphrase-file on fs.
// Defaults come from the environment when the command runs.
func addVaultFlags(fs *flag.FlagSet) *vaultFlags {
	vf := &vaultFlags{}
	fs.StringVar(&vf.path, "vault", "", "cli3.flag.vault")
	fs.StringVar(&vf.user, "user", "", "cli3.flag.user")
	fs.StringVar(&vf.passphraseFile, "passphrase-file", "", "cli3.flag.passphrase-file")
	fs.StringVar(&vf.totpCode, "code", "", "cli3.flag.code")
	return vf
}

func (ctx *runContext) vaultPath(vf *vaultFlags) (string, error) {
	p := vf.path
	if p == "" {
		p = ctx.getenv(envVault)
	}
	if p == "" {
		return "", usage("cli4.session.noVault", "Env", envVault)
	}
	return p, nil
}

func (ctx *runContext) userName(vf *vaultFlags) string {
	switch {
	case vf.user != "":
		return vf.user
	case ctx.getenv(envUser) != "":
		return ctx.getenv(envUser)
	}
	return "admin"
}

// vaultOptions returns the options for opening or creating a vault. The
// shipped program always calibrates the KDF; only tests, in-process, set
// weaker parameters (testHooks).
func (ctx *runContext) vaultOptions() vault.Options {
	return vault.Options{Now: ctx.now, KDF: ctx.hooks.kdf}
}

// openSession opens the vault named by vf and unlocks it for the user. The
// returned close function locks the session and closes the vault.
func (ctx *runContext) openSession(vf *vaultFlags) (*vault.Session, func(), error) {
	_, vs, closeFn, err := ctx.unlock(vf)
	return vs.Session, closeFn, err
}

// unlock opens the vault and unlocks it through the app's use case (which
// upgrades a vault made before vaults were seeded at creation).
func (ctx *runContext) unlock(vf *vaultFlags) (*app.Session, app.VaultSession, func(), error) {
	return ctx.unlockContext(context.Background(), vf)
}

// unlockContext is unlock that a cancelled cc stops while the key is
// derived (nothing counted, nothing written).
func (ctx *runContext) unlockContext(cc context.Context, vf *vaultFlags) (*app.Session, app.VaultSession, func(), error) {
	path, err := ctx.vaultPath(vf)
	if err != nil {
		return nil, app.VaultSession{}, nil, err
	}
	v, err := vault.Open(path, ctx.vaultOptions())
	if err != nil {
		return nil, app.VaultSession{}, nil, openError(path, err)
	}
	user := ctx.userName(vf)
	pass, err := ctx.passphrase(vf, ctx.words().T("cli2.prompt.passphrase", "User", user))
	if err != nil {
		v.Close()
		return nil, app.VaultSession{}, nil, err
	}
	now := ctx.now()
	var uc *app.Session
	var vs app.VaultSession
	err = ctx.withCode(vf, func(code string) error {
		var err error
		uc, vs, err = app.UnlockWithCode(cc, v, user, pass, code, app.Options{Now: func() time.Time { return now }})
		return err
	})
	wipe(pass)
	if err != nil {
		v.Close()
		return nil, app.VaultSession{}, nil, err
	}
	ctx.noticePendingKeys(vs.Session) // upgrade_notice.go
	return uc, vs, func() { vs.Lock(); v.Close() }, nil
}

func openError(path string, err error) error {
	if errors.Is(err, vault.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		return fail(exitNotFound, err, "cli4.session.noVaultAt", "Path", path)
	}
	return err
}

// passphrase returns the passphrase from --passphrase-file, then
// $CUSTODIA_PASSPHRASE, then a prompt without echo on a terminal.
func (ctx *runContext) passphrase(vf *vaultFlags, prompt string) ([]byte, error) {
	if vf.passphraseFile != "" {
		return ctx.readSecretFile(vf.passphraseFile, "--passphrase-file")
	}
	if p := ctx.getenv(envPassphrase); p != "" {
		return []byte(p), nil
	}
	return ctx.prompt(prompt, ctx.hint("--passphrase-file", envPassphrase))
}

// newPassphrase returns a passphrase being set: from file, from envName,
// or typed twice at a prompt.
func (ctx *runContext) newPassphrase(file, flagName, envName, prompt string) ([]byte, error) {
	if file != "" {
		return ctx.readSecretFile(file, flagName)
	}
	if p := ctx.getenv(envName); p != "" {
		return []byte(p), nil
	}
	hint := ctx.hint(flagName, envName)
	first, err := ctx.prompt(prompt, hint)
	if err != nil {
		return nil, err
	}
	again, err := ctx.prompt(ctx.words().T("cli2.prompt.repeat"), hint)
	if err != nil {
		return nil, err
	}
	defer wipe(again)
	if !bytes.Equal(first, again) {
		wipe(first)
		return nil, invalid(nil, "cli2.prompt.mismatch")
	}
	return first, nil
}

// readSecretFile reads a passphrase or code from a file (or stdin for
// "-"), without the trailing newline.
func (ctx *runContext) readSecretFile(name, flagName string) ([]byte, error) {
	var r io.Reader = ctx.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", flagName, "File", name)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSecretFile+1))
	if err != nil {
		return nil, fail(exitUsage, err, "cli4.session.cannotRead", "Flag", flagName)
	}
	if len(b) > maxSecretFile {
		return nil, usage("cli4.session.tooLong", "Flag", flagName, "Max", maxSecretFile)
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(b) == 0 {
		return nil, usage("cli4.session.empty", "Flag", flagName)
	}
	return b, nil
}

// prompt reads a secret from the terminal without echo. It refuses when
// stdin is not a terminal: typing would echo, and a pipe is not a person.
func (ctx *runContext) prompt(prompt, hint string) ([]byte, error) {
	f, ok := ctx.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, usage("cli2.prompt.noTerminal", "Hint", hint)
	}
	fmt.Fprint(ctx.stderr, prompt)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(ctx.stderr)
	if err != nil {
		return nil, fail(exitUsage, err, "cli2.prompt.cannotRead")
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, usage("cli2.prompt.empty")
	}
	return b, nil
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
