package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"custodia/vault"
)

func TestBackupVerifyRestore(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	dir := t.TempDir()
	key, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "key.txt")
	if err := os.WriteFile(keyFile, []byte(key.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "b.age")
	mustFail(t, env, exitUsage, "backup", "--out", out) // never unencrypted
	mustRun(t, env, "backup", "--out", out, "--recipient", key.Recipient().String())
	data, _ := os.ReadFile(out)
	if strings.Contains(string(data), "SQLite format 3") || strings.Contains(string(data), "Durand") {
		t.Fatal("backup file is not encrypted")
	}
	msg := mustRun(t, env, "backup", "verify", out, "--identity", keyFile)
	if !strings.Contains(msg, "is intact") || !strings.Contains(msg, "1 patient records decrypted") {
		t.Fatalf("verify: %s", msg)
	}

	// Delete the patient after the backup (through the vault), then restore.
	weak := vault.WeakKDFParams()
	v, err := vault.Open(env[envVault], vault.Options{KDF: &weak})
	if err != nil {
		t.Fatal(err)
	}
	s, err := v.Unlock(testUser, []byte(testPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePatient(id); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	v.Close()

	to := filepath.Join(dir, "restored.vault")
	rep := mustRun(t, env, "restore", out, "--to", to, "--identity", keyFile)
	if !strings.Contains(rep, "re-applied 1 erasures") || !strings.Contains(rep, id) {
		t.Fatalf("restore report does not list the deletion:\n%s", rep)
	}
	mustFail(t, with(env, envVault, to), exitNotFound, "patient", "show", id)
	mustRun(t, with(env, envVault, to), "audit", "verify")
	mustFail(t, env, exitValidation, "restore", out, "--to", to, "--identity", keyFile)
}
