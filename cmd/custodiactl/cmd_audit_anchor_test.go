package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditAnchorRoundTrip: an anchor written by "audit anchor" verifies
// the trail it was made from, and a copy of the vault rolled back to before
// the anchor fails with exit code 7.
func TestAuditAnchorRoundTrip(t *testing.T) {
	env := initVault(t)
	addPatient(t, env)
	old := env[envVault] + ".old"
	data, err := os.ReadFile(env[envVault])
	if err != nil {
		t.Fatal(err)
	}
	// The vault is closed between commands, so the file alone is the vault.
	if err := os.WriteFile(old, data, 0o600); err != nil {
		t.Fatal(err)
	}
	anchor := filepath.Join(t.TempDir(), "anchor.json")
	out := mustRun(t, env, "audit", "anchor", "--out", anchor)
	if !strings.Contains(out, "anchored audit entry") {
		t.Fatalf("audit anchor: %s", out)
	}
	mustFail(t, env, exitValidation, "audit", "anchor", "--out", anchor) // never overwritten
	if out := mustRun(t, env, "audit", "verify", "--anchor", anchor); !strings.Contains(out, "intact") {
		t.Fatalf("audit verify --anchor: %s", out)
	}
	msg := mustFail(t, with(env, envVault, old), exitIntegrity, "audit", "verify", "--anchor", anchor)
	if !strings.Contains(msg, "rolled back") {
		t.Fatalf("rolled-back copy: %s", msg)
	}
}

// TestUserEnableNeedsNewPassphrase: disabling destroys the keys, enabling
// gives new ones under a new passphrase.
func TestUserEnableNeedsNewPassphrase(t *testing.T) {
	env := initVault(t)
	mustRun(t, with(env, envNewPassphrase, "desk-passphrase-1"), "user", "add", "desk", "--role", "frontdesk")
	mustRun(t, env, "user", "disable", "desk")
	desk := with(env, envUser, "desk", envPassphrase, "desk-passphrase-1")
	mustFail(t, desk, exitPermission, "patient", "list")
	mustRun(t, with(env, envNewPassphrase, "desk-passphrase-2"), "user", "enable", "desk")
	mustRun(t, with(desk, envPassphrase, "desk-passphrase-2"), "patient", "list")
}

// TestVaultRotate: after "vault rotate" patients read back and the trail
// verifies; the JSON report counts the patient.
func TestVaultRotate(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	out := mustRun(t, env, "vault", "rotate", "--json")
	if !strings.Contains(out, `"generation": 2`) || !strings.Contains(out, `"patients": 1`) {
		t.Fatalf("vault rotate: %s", out)
	}
	if out := mustRun(t, env, "patient", "show", id); !strings.Contains(out, "Durand") {
		t.Fatalf("patient after rotation: %s", out)
	}
	mustRun(t, env, "audit", "verify")
}
