package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

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
			return nil, usageErrorf("--recipient: %q is not an age public key (age1...)", s)
		}
		out = append(out, rc)
	}
	if bf.passFile != "" {
		pass, err := ctx.readSecretFile(bf.passFile, "--passphrase-file")
		if err != nil {
			return nil, err
		}
		if err := vault.CheckPassphrase(pass); err != nil {
			return nil, newExitError(exitValidation, err, "the backup passphrase in --passphrase-file is too weak")
		}
		rc, err := age.NewScryptRecipient(string(pass))
		wipe(pass)
		if err != nil {
			return nil, err
		}
		out = append(out, rc)
	}
	if len(out) == 0 {
		return nil, usageErrorf("give --recipient age1... or --passphrase-file FILE: a backup is always encrypted")
	}
	return out, nil
}

func (ctx *runContext) identities(bf *backupFlags) ([]age.Identity, error) {
	var out []age.Identity
	if bf.identityFile != "" {
		f, err := os.Open(bf.identityFile)
		if err != nil {
			return nil, newExitError(exitNotFound, err, "cannot read --identity %s", bf.identityFile)
		}
		defer f.Close()
		ids, err := age.ParseIdentities(f)
		if err != nil {
			return nil, newExitError(exitValidation, err, "--identity %s: no age identity in it", bf.identityFile)
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
		return nil, usageErrorf("give --identity FILE or --passphrase-file FILE to decrypt the backup")
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
			return usageErrorf("backup: unexpected %q (did you mean \"backup verify FILE.age\"?)", args[0])
		}
		return backupCreate(ctx, vf, bf, *out)
	}
	return c
}

func backupCreate(ctx *runContext, vf *vaultFlags, bf *backupFlags, out string) error {
	if out == "" {
		return usageErrorf("backup: --out FILE.age is required")
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
		return newExitError(exitValidation, err, "backup: %s exists; choose another file", out)
	}
	if err != nil {
		return newExitError(exitNotFound, err, "backup: cannot create %s", out)
	}
	info, err := s.Backup(f, rs...)
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		os.Remove(out)
		return err
	}
	fmt.Fprintf(ctx.stdout, "backup written to %s (%d bytes, sha256 %s)\n", out, info.FileBytes, info.FileSHA256)
	fmt.Fprintf(ctx.stdout, "vault %s, audit entries up to %d, erasures journalled up to %d\n", info.VaultID, info.AuditSeq, info.JournalSeq)
	fmt.Fprintf(ctx.stdout, "keep the erasure journal %s with your backups\n", vault.JournalPath(s.VaultPath()))
	return nil
}

func backupVerify(ctx *runContext, vf *vaultFlags, bf *backupFlags, args []string) error {
	if len(args) != 1 {
		return usageErrorf("backup verify: give one FILE.age")
	}
	ids, err := ctx.identities(bf)
	if err != nil {
		return err
	}
	f, err := os.Open(args[0])
	if err != nil {
		return newExitError(exitNotFound, err, "backup verify: cannot read %s", args[0])
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
	fmt.Fprintf(ctx.stdout, "backup %s is intact: vault %s, taken %s, %d audit entries, erasures journalled up to %d\n",
		args[0], b.VaultID, b.TakenAt.Format(time.RFC3339), b.AuditSeq, b.JournalSeq)
	if cred == nil {
		fmt.Fprintln(ctx.stdout, "audit MACs and records not checked: give --login-passphrase-file (or set "+envPassphrase+") to unlock the copy in memory")
		return nil
	}
	fmt.Fprintf(ctx.stdout, "unlocked in memory: %d audit entries verified, %d patient records decrypted\n", rep.AuditChecked, rep.Patients)
	return nil
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
			return usageErrorf("restore: --to NEW.vault is required")
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
			return newExitError(exitNotFound, err, "restore: cannot read %s", args[0])
		}
		defer f.Close()
		rep, err := vault.Restore(f, *to, vault.RestoreOptions{Journals: srcs, NoJournal: *noJournal, Now: ctx.now}, ids...)
		if errors.Is(err, vault.ErrExists) {
			return newExitError(exitValidation, err, "restore: %s exists; restore into a new file", *to)
		}
		if err != nil {
			return err
		}
		writeRestoreReport(ctx.stdout, *to, rep)
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

func writeRestoreReport(w io.Writer, to string, rep vault.RestoreReport) {
	b := rep.Backup
	fmt.Fprintf(w, "restored vault %s from the backup taken %s into %s\n", b.VaultID, b.TakenAt.Format(time.RFC3339), to)
	if rep.JournalSource == "" {
		fmt.Fprintln(w, "WARNING: no erasure journal was used; patients erased after the backup may be back")
		return
	}
	fmt.Fprintf(w, "erasure journal: %s\n", rep.JournalSource)
	if len(rep.Reapplied) == 0 {
		fmt.Fprintln(w, "no erasure was made after this backup")
		return
	}
	fmt.Fprintf(w, "re-applied %d erasures made after the backup:\n", len(rep.Reapplied))
	t := &table{}
	t.add("  JOURNAL", "KIND", "PATIENT", "ERASED AT", "REQUEST")
	for _, e := range rep.Reapplied {
		t.add("  "+fmt.Sprint(e.Seq), e.Kind, e.PatientID, e.At.Format(time.RFC3339), strings.TrimSpace(e.RequestID))
	}
	_ = t.write(w)
	for _, m := range rep.KeptNotRestored {
		fmt.Fprintf(w, "WARNING: data kept under Art. 17(3) for patient %s was not re-created (erased whole): %s\n", m.PatientID, m.Reason)
	}
}
