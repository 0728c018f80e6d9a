package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditAnchorFile: an administrator sets, shows and clears the anchor
// file on lock; a relative path is made absolute; a clinician may not set it.
func TestAuditAnchorFile(t *testing.T) {
	env := initVault(t)
	if out := mustRun(t, env, "audit", "anchor-file"); !strings.Contains(out, "anchor file on lock: off") {
		t.Fatalf("unset: %s", out)
	}
	path := filepath.Join(t.TempDir(), "lock-anchor.json")
	if out := mustRun(t, env, "audit", "anchor-file", path); !strings.Contains(out, path) {
		t.Fatalf("set: %s", out)
	}
	if out := mustRun(t, env, "audit", "anchor-file"); !strings.Contains(out, path) {
		t.Fatalf("show: %s", out)
	}
	mustFail(t, env, exitValidation, "audit", "anchor-file", filepath.Join(t.TempDir(), "anchor.txt"))
	mustRun(t, with(env, envNewPassphrase, "doc-Passphrase-4711"), "user", "add", "doc", "--role", "clinician")
	mustFail(t, with(env, envUser, "doc", envPassphrase, "doc-Passphrase-4711"), exitPermission, "audit", "anchor-file", "off")
	if out := mustRun(t, env, "audit", "anchor-file", "off"); !strings.Contains(out, "anchor file on lock: off") {
		t.Fatalf("off: %s", out)
	}
}
