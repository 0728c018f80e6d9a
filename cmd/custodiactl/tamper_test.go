package main

import (
	"database/sql"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // to alter the vault file as an attacker would
)

// tamper runs SQL statements directly on a vault file, dropping the
// append-only triggers first, as someone with the file could.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range append([]string{
		"DROP TRIGGER IF EXISTS audit_log_no_update",
		"DROP TRIGGER IF EXISTS audit_log_no_delete",
	}, stmts...) {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestIntegrityExitCode(t *testing.T) {
	env := initVault(t)
	a := addPatient(t, env)
	b := addPatient(t, env, "--mrn", "DEMO-T2", "--given", "Jörg", "--family", "Müller")
	mustRun(t, env, "audit", "verify")

	tamper(t, env[envVault], "UPDATE audit_log SET action = 'patient.list' WHERE seq = 3")
	msg := mustFail(t, env, exitIntegrity, "audit", "verify")
	if !strings.Contains(msg, "audit trail is broken at entry 3") {
		t.Fatalf("audit verify after tampering: %s", msg)
	}

	// Swapping two patients' encrypted notes must not go unnoticed.
	tamper(t, env[envVault],
		"UPDATE patients SET notes = (SELECT notes FROM patients WHERE id = '"+b+"') WHERE id = '"+a+"'")
	msg = mustFail(t, env, exitIntegrity, "patient", "show", a)
	if !strings.Contains(msg, "integrity check failed") {
		t.Fatalf("show after tampering: %s", msg)
	}
}

func TestClinicalFieldsWithheld(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env, "--notes", "synthetic note")
	addUser(t, env, "fiona", "frontdesk", "frontdesk-pass-1")
	fd := with(env, envUser, "fiona", envPassphrase, "frontdesk-pass-1")
	out := mustRun(t, fd, "patient", "show", id)
	if strings.Contains(out, "synthetic note") || strings.Contains(out, "I10") || !strings.Contains(out, "withheld") {
		t.Fatalf("front desk sees clinical fields:\n%s", out)
	}
	if !strings.Contains(out, "Durand") {
		t.Fatalf("front desk cannot see identity fields:\n%s", out)
	}
	// Front desk may not set clinical fields either.
	mustFail(t, fd, exitPermission, "patient", "add", "--given", "Anna", "--family", "Bakker", "--birth", "2000-01-01", "--diagnosis", "I10")
	out = mustRun(t, env, "patient", "show", id)
	if !strings.Contains(out, "synthetic note") {
		t.Fatalf("admin does not see notes:\n%s", out)
	}
}

// TestRoleEditExitCode: a front-desk user who makes themself administrator
// in the file gets exit code 7 (integrity), not administrator rights.
func TestRoleEditExitCode(t *testing.T) {
	env := initVault(t)
	addPatient(t, env)
	addUser(t, env, "fiona", "frontdesk", "frontdesk-pass-1")
	fd := with(env, envUser, "fiona", envPassphrase, "frontdesk-pass-1")
	mustRun(t, fd, "patient", "list")
	tamper(t, env[envVault], "UPDATE users SET role = 'admin' WHERE name = 'fiona'")
	msg := mustFail(t, fd, exitIntegrity, "user", "list")
	if !strings.Contains(msg, "integrity check failed") {
		t.Fatalf("role edit: %s", msg)
	}
	mustFail(t, env, exitIntegrity, "user", "list")
}
