package ui

import (
	"os"
	"path/filepath"
	"testing"

	"custodia/vault"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestLockWritesAnchor: locking a session writes the anchor file the
// administrator set, and it verifies against the vault.
func TestLockWritesAnchor(t *testing.T) {
	test.NewTempApp(t)
	_, admin := vault.NewTestVault(t)
	path := filepath.Join(t.TempDir(), "anchor.json")
	if err := admin.SetAnchorFile(path); err != nil {
		t.Fatal(err)
	}
	a := New(test.NewTempWindow(t, widget.NewLabel("")), Options{Run: SyncRunner})
	a.session = admin
	a.writeLockAnchor()
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
}
