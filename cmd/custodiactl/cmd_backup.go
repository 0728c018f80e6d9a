package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"custodia/i18n"
	"custodia/vault"
)

// backupFlags are the key flags of backup, backup verify and restore.
type backupFlags struct {
	recipient    string
	passFile     string
	identityFile string
}

func addBackupKeyFlags(fs *flag.FlagSet, bf *backupFlags, encrypting bool) {
	if encrypting {
		fs.StringVar(&bf.recipient, "recipient", "", "cli3.flag.backup.recipient")
		fs.StringVar(&bf.passFile, "passphrase-file", "", "cli3.flag.backup.passphrase-file")
	}
	fs.StringVar(&bf.identityFile, "identity", "", "cli3.flag.backup.identity")
	if !encrypting {
		fs.StringVar(&bf.passFile, "passphrase-file", "", "cli3.flag.restore.passphrase-file")
	}
}

// loginFlags are --vault, --user, --code and --login-passphrase-file: the
// backup commands use --passphrase-file for the backup's own passphrase.
func addLoginFlags(fs *flag.FlagSet) *vaultFlags {
	vf := &vaultFlags{}
	fs.StringVar(&vf.path, "vault", "", "cli3.flag.vault")
	fs.StringVar(&vf.user, "user", "", "cli3.flag.user")
	fs.StringVar(&vf.passphraseFile, "login-passphrase-file", "", "cli3.flag.login-passphrase-file")
	fs.StringVar(&vf.totpCode, "code", "", "cli3.flag.backup.code")
	return vf
}

func (ctx *runContext) recipients(bf *backupFlags) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, s := range splitList(bf.recipient) {
		rc, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, usage("cli4.backup.badRecipient", "Key", safeID(s))
		}
		out = append(out, rc)
	}
	if bf.passFile != "" {
		pass, err := ctx.readSecretFile(bf.passFile, "--passphrase-file")
		if err != nil {
			return nil, err
		}
		if err := vault.CheckPassphrase(pass); err != nil {
			return nil, invalid(err, "cli4.backup.weak")
		}
		rc, err := age.NewScryptRecipient(string(pass))
		wipe(pass)
		if err != nil {
			return nil, err
		}
		out = append(out, rc)
	}
	if len(out) == 0 {
		return nil, usage("cli4.backup.needKey")
	}
	return out, nil
}

func (ctx *runContext) identities(bf *backupFlags) ([]age.Identity, error) {
	var out []age.Identity
	if bf.identityFile != "" {
		f, err := os.Open(bf.identityFile)
		if err != nil {
			return nil, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", "--identity", "File", bf.identityFile)
		}
		defer f.Close()
		ids, err := age.ParseIdentities(f)
		if err != nil {
			return nil, invalid(err, "cli4.backup.noIdentity", "File", bf.identityFile)
		}
		out = append(out, ids...)
	}
	if bf.passFile != "" {
		pass, err := ctx.readSecretFile(bf.passFile, "--passphrase-file")
		if err != nil {
			return nil, err
		}
		id, err := age.NewScryptIdentity(string(pass))
		wipe(pass)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if len(out) == 0 {
		return nil, usage("cli4.backup.needIdentity")
	}
	return out, nil
}

// Backup is "custodiactl backup" and "custodiactl backup verify".
func backupCommand() *command {
	c := newCommand("backup", "[flags] --out FILE.age | verify [flags] FILE.age", "cli3.cmd.backup")
	c.help = "cli3.help.backup"
	vf := addLoginFlags(c.flags)
	bf := &backupFlags{}
	addBackupKeyFlags(c.flags, bf, true)
	out := c.flags.String("out", "", "cli3.flag.backup.out")
	c.run = func(ctx *runContext, args []string) error {
		if len(args) > 0 && args[0] == "verify" {
			return backupVerify(ctx, vf, bf, args[1:])
		}
		if len(args) > 0 {
			return usage("cli4.backup.unexpected", "Arg", codeArg(args[0]))
		}
		return backupCreate(ctx, vf, bf, *out)
	}
	return c
}

func backupCreate(ctx *runContext, vf *vaultFlags, bf *backupFlags, out string) error {
	if out == "" {
		return usage("cli4.backup.outRequired")
	}
	rs, err := ctx.recipients(bf)
	if err != nil {
		return err
	}
	s, closeFn, err := ctx.openSession(vf)
	if err != nil {
		return err
	}
	defer closeFn()
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return invalid(err, "cli4.file.exists", "File", out)
	}
	if err != nil {
		return fail(exitNotFound, err, "cli4.file.cannotCreate", "File", out)
	}
	info, err := s.Backup(f, rs...)
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		os.Remove(out)
		return err
	}
	return ctx.say("cli4.backup.written", "File", out, "Bytes", ctx.words().Int(int(info.FileBytes)), "SHA", info.FileSHA256,
		"Vault", info.VaultID, "Audit", info.AuditSeq, "Journal", info.JournalSeq, "JournalFile", vault.JournalPath(s.VaultPath()))
}

func backupVerify(ctx *runContext, vf *vaultFlags, bf *backupFlags, args []string) error {
	if len(args) != 1 {
		return usage("cli4.backup.verifyArgs")
	}
	ids, err := ctx.identities(bf)
	if err != nil {
		return err
	}
	f, err := os.Open(args[0])
	if err != nil {
		return fail(exitNotFound, err, "cli4.file.cannotRead", "File", args[0])
	}
	defer f.Close()
	var cred *vault.BackupCredentials
	if vf.passphraseFile != "" || ctx.getenv(envPassphrase) != "" {
		pass, err := ctx.passphrase(vf, "")
		if err != nil {
			return err
		}
		defer wipe(pass)
		code := vf.totpCode
		if code == "" {
			code = ctx.getenv(envTOTPCode)
		}
		cred = &vault.BackupCredentials{User: ctx.userName(vf), Passphrase: pass, Code: code}
	}
	rep, err := vault.VerifyBackup(f, cred, ids...)
	if err != nil {
		return err
	}
	b := rep.Backup
	loc := ctx.words()
	if err := ctx.say("cliuuid.backup.intact", "File", args[0], "Vault", b.VaultID, "Taken", loc.DateTime(b.TakenAt.UTC()),
		"Audit", b.AuditSeq, "Journal", b.JournalSeq); err != nil {
		return err
	}
	if cred == nil {
		return ctx.say("cli4.backup.notUnlocked", "Env", envPassphrase)
	}
	return ctx.say("cli4.backup.unlocked", "Audit", loc.Int(int(rep.AuditChecked)), "Patients", loc.Int(rep.Patients))
}

// Restore is "custodiactl restore".
func restoreCommand() *command {
	c := newCommand("restore", "[flags] FILE.age --to NEW.vault", "cli3.cmd.restore")
	c.help = "cli3.help.restore"
	bf := &backupFlags{}
	addBackupKeyFlags(c.flags, bf, false)
	to := c.flags.String("to", "", "cli3.flag.restore.to")
	journals := c.flags.String("journal", "", "cli3.flag.journal")
	noJournal := c.flags.Bool("no-journal", false, "cli3.flag.no-journal")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		if *to == "" {
			return usage("cli4.restore.toRequired")
		}
		ids, err := ctx.identities(bf)
		if err != nil {
			return err
		}
		srcs := splitList(*journals)
		if len(srcs) == 0 && ctx.getenv(envVault) != "" {
			p := ctx.getenv(envVault)
			if abs(p) != abs(*to) {
				srcs = []string{vault.JournalPath(p), p}
			}
		}
		f, err := os.Open(args[0])
		if err != nil {
			return fail(exitNotFound, err, "cli4.file.cannotRead", "File", args[0])
		}
		defer f.Close()
		rep, err := vault.Restore(f, *to, vault.RestoreOptions{Journals: srcs, NoJournal: *noJournal, Now: ctx.now}, ids...)
		if errors.Is(err, vault.ErrExists) {
			return invalid(err, "cli4.restore.exists", "File", *to)
		}
		if err != nil {
			return err
		}
		writeRestoreReport(ctx.stdout, ctx.words(), *to, rep)
		return nil
	}
	return c
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

func writeRestoreReport(w io.Writer, loc *i18n.Localizer, to string, rep vault.RestoreReport) {
	b := rep.Backup
	fmt.Fprintln(w, loc.T("cliuuid.restore.done", "Vault", b.VaultID, "Taken", loc.DateTime(b.TakenAt.UTC()), "File", to))
	if rep.JournalSource == "" {
		fmt.Fprintln(w, loc.T("cli4.restore.noJournal"))
		return
	}
	fmt.Fprintln(w, loc.T("cli4.restore.journal", "File", rep.JournalSource))
	if len(rep.Reapplied) == 0 {
		fmt.Fprintln(w, loc.T("cli4.restore.nothing"))
		return
	}
	fmt.Fprintln(w, loc.T("cli4.restore.reapplied", "Count", len(rep.Reapplied)))
	t := &table{}
	t.head(loc, "journal", "kind", "patient", "erasedAt", "request")
	t.rows[0][0] = "  " + t.rows[0][0]
	for _, e := range rep.Reapplied {
		t.add("  "+fmt.Sprint(e.Seq), loc.Label("erasurekind", e.Kind, e.Kind), e.PatientID, loc.DateTime(e.At.UTC()), strings.TrimSpace(e.RequestID))
	}
	_ = t.write(w)
	for _, m := range rep.KeptNotRestored {
		fmt.Fprintln(w, loc.T("cli4.restore.keptLost", "Patient", m.PatientID, "Reason", m.Reason))
	}
}
