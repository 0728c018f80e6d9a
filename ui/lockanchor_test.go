package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestLockWritesAnchor: locking a session writes the anchor file the
// administrator set, and it verifies against the vault (the audit screen
// naming the file is tested in ui/audit); a folder that is gone gives the user a message naming
// the path, in their language.
func TestLockWritesAnchor(t *testing.T) {
	test.NewTempApp(t)
	_, admin := vault.NewTestVault(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "anchor.json")
	if err := admin.SetAnchorFile(path); err != nil {
		t.Fatal(err)
	}
	a := New(test.NewTempWindow(t, widget.NewLabel("")), Options{Run: kit.SyncRunner, Logf: func(string, ...any) {}})
	a.session = admin
	if problem := a.writeLockAnchor(); problem != "" {
		t.Fatalf("problem reported: %s", problem)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no anchor written on lock: %v", err)
	}
	an, err := vault.ParseAnchor(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.VerifyAnchor(an); err != nil {
		t.Fatalf("anchor written on lock: %v", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "de"} {
		a.env.Loc = a.opts.Catalog.Localizer(lang)
		if problem := a.writeLockAnchor(); !strings.Contains(problem, path) || strings.Contains(problem, "⟦") {
			t.Fatalf("%s: folder gone: problem %q", lang, problem)
		}
	}
}
