package main

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"custodia/vault"
	"custodia/vault/demo"

	_ "modernc.org/sqlite"
)

func oldDemo(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "vault", "testdata", "format1", "format1.vault"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "demo.vault")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A demo vault of the format-1 era opens again with the demo accounts.
func TestUpgradeOldDemo(t *testing.T) {
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak}
	path := oldDemo(t)
	if err := upgradeOldDemo(path, opts); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, u := range demo.Users() {
		s, err := v.Unlock(u.Name, []byte(u.Passphrase))
		if err != nil {
			t.Fatalf("%s: %v", u.Name, err)
		}
		s.Lock()
	}
}

// An old demo vault that cannot be upgraded (here: its administrator's
// passphrase was changed) is removed, so EnsureDemo makes a new one.
func TestUpgradeOldDemoRemovesWhatItCannotUpgrade(t *testing.T) {
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak}
	path := oldDemo(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DELETE FROM key_slots WHERE user_id = (SELECT id FROM users WHERE name = 'demo')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := upgradeOldDemo(path, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("unusable old demo vault kept: %v", err)
	}
}
