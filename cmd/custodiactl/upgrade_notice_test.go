package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The format-1 fixture of the vault package (made by the code before keys
// by role, vault/testdata/format1/README.md).
func format1Copy(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "vault", "testdata", "format1", "format1.vault"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "old.vault")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFormat1VaultUpgradeNotices(t *testing.T) {
	path := format1Copy(t)
	env := map[string]string{envWeakKDF: "1", "CUSTODIA_VAULT": path, "CUSTODIA_USER": "clinician", "CUSTODIA_PASSPHRASE": "clinician-passphrase-not-secret"}
	_, errOut, code := runCLI(t, env, "", "patient", "count")
	if code != exitPermission || !strings.Contains(errOut, "an administrator must open it first") {
		t.Fatalf("clinician on a format-1 vault: exit %d, %q", code, errOut)
	}
	env["CUSTODIA_USER"], env["CUSTODIA_PASSPHRASE"] = "demo", "demo-passphrase-not-secret"
	out, errOut, code := runCLI(t, env, "", "patient", "count")
	if code != exitOK || strings.TrimSpace(out) != "49" {
		t.Fatalf("administrator on a format-1 vault: exit %d, %q, %q", code, out, errOut)
	}
	for _, want := range []string{"brought up to date", "clinician, dpo, frontdesk, researcher", "user passwd NAME", "user recovery-code"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("notice lacks %q:\n%s", want, errOut)
		}
	}
	env["CUSTODIA_USER"], env["CUSTODIA_PASSPHRASE"] = "clinician", "clinician-passphrase-not-secret"
	if _, errOut, code := runCLI(t, env, "", "patient", "count"); code != exitPermission || !strings.Contains(errOut, "needs a new passphrase") {
		t.Fatalf("clinician after the upgrade: exit %d, %q", code, errOut)
	}
	env["CUSTODIA_USER"], env["CUSTODIA_PASSPHRASE"] = "demo", "demo-passphrase-not-secret"
	_, errOut, _ = runCLI(t, env, "", "patient", "count")
	if strings.Contains(errOut, "brought up to date") || !strings.Contains(errOut, "clinician, dpo") {
		t.Errorf("second administrator command: %q", errOut)
	}
	audit, _, code := runCLI(t, env, "", "audit", "verify")
	if code != exitOK {
		t.Errorf("audit verify after the upgrade: exit %d, %s", code, audit)
	}
}
