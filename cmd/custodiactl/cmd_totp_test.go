package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"custodia/vault"
)

func TestTOTPEnrolAndUnlock(t *testing.T) {
	env := initVault(t)
	out := mustRun(t, env, "user", "totp", "enrol")
	secret := regexp.MustCompile(`secret \(to type in by hand\): (\S+)`).FindStringSubmatch(out)
	backup := regexp.MustCompile(`(?m)^  ([A-Z2-7]{4}-[A-Z2-7]{4})$`).FindAllStringSubmatch(out, -1)
	if secret == nil || len(backup) != 10 || !strings.Contains(out, "otpauth://totp/") {
		t.Fatalf("enrol output lacks the URI, secret or ten backup codes:\n%s", out)
	}
	code, err := vault.TOTPCode(secret[1], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, "user", "totp", "enrol", "--confirm", code)
	msg := mustFail(t, env, exitWrongPassphrase, "user", "list")
	if !strings.Contains(msg, "second-factor code") {
		t.Fatalf("unlock without a code: %s", msg)
	}
	mustRun(t, env, "user", "list", "--code", backup[0][1])
	mustFail(t, env, exitWrongPassphrase, "user", "list", "--code", backup[0][1])
	if out := mustRun(t, with(env, envTOTPCode, backup[1][1]), "user", "totp", "status"); !strings.Contains(out, "enrolled yes") || !strings.Contains(out, "backup codes left 8") {
		t.Fatalf("status: %s", out)
	}
	mustRun(t, with(env, envTOTPCode, backup[2][1]), "user", "totp", "require", "on")
	mustFail(t, with(env, envTOTPCode, backup[3][1]), exitValidation, "user", "totp", "disable")
	mustRun(t, with(env, envTOTPCode, backup[4][1]), "user", "totp", "require", "off")
	mustRun(t, with(env, envTOTPCode, backup[5][1]), "user", "totp", "disable")
	mustRun(t, env, "user", "list")
}

// The CLI applies the vault's passphrase policy: the aaaaaaaaaa is refused.
func TestCLIPassphrasePolicy(t *testing.T) {
	env := initVault(t)
	msg := mustFail(t, with(env, envNewPassphrase, "aaaaaaaaaa"), exitValidation, "user", "add", "--role", "clinician", "weak")
	if !strings.Contains(msg, "passphrase") || !strings.Contains(msg, "12 characters") {
		t.Fatalf("refusal does not say why: %s", msg)
	}
	mustFail(t, with(testEnv(t), envPassphrase, "Password123!"), exitValidation, "init")
}
