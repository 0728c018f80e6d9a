package vault

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPragmas(t *testing.T) {
	v, s := NewTestVault(t)
	// Reads commit their audit entries with synchronous=NORMAL; the
	// connection must be back at FULL afterwards.
	if _, err := s.FindPatients(Query{Name: "Zyx"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CountPatients(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"}, {"synchronous", "2"}, {"foreign_keys", "1"}, {"secure_delete", "1"},
		{"temp_store", "2"}, {"trusted_schema", "0"},
	} {
		var got string
		if err := v.db.QueryRow("PRAGMA " + c.pragma).Scan(&got); err != nil || got != c.want {
			t.Errorf("PRAGMA %s = %q (%v), want %q", c.pragma, got, err, c.want)
		}
	}
	// Defensive mode: writable_schema cannot be switched on.
	if _, err := v.db.Exec("PRAGMA writable_schema = ON"); err != nil {
		t.Fatal(err)
	}
	var ws int
	if err := v.db.QueryRow("PRAGMA writable_schema").Scan(&ws); err != nil || ws != 0 {
		t.Errorf("writable_schema = %d (%v): defensive mode is off", ws, err)
	}
	if v.db.Stats().MaxOpenConnections != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1 writer", v.db.Stats().MaxOpenConnections)
	}
}

func TestMigrationsRecordedOnce(t *testing.T) {
	v, _ := NewTestVault(t)
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := v.db.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count() != len(ms) {
		t.Fatalf("schema_migrations has %d rows, want %d", count(), len(ms))
	}
	if err := migrate(v.db, 0); err != nil {
		t.Fatal(err)
	}
	if count() != len(ms) {
		t.Fatal("migrate applied a migration twice")
	}
	// A migration recorded nowhere is applied even below the highest applied
	// one (migrations added out of order by parallel branches).
	first := ms[0]
	rawExec(t, v.db, "DELETE FROM schema_migrations WHERE version = ?", first.version)
	if err := migrate(v.db, 0); err == nil {
		t.Fatal("re-running migration 1 on an existing schema succeeded; it was not attempted")
	}
	rawExec(t, v.db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)", first.version, first.name)
	rawExec(t, v.db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)")
	if err := migrate(v.db, 0); !errors.Is(err, ErrValidation) {
		t.Fatalf("newer schema: %v, want an error", err)
	}
}

func TestCreateRefusesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.vault")
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	weak := WeakKDFParams()
	if _, err := Create(path, "admin", []byte("admin-passphrase"), Options{KDF: &weak}); !errors.Is(err, ErrExists) {
		t.Fatalf("Create over a file: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatal("Create changed an existing file")
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none.vault"), Options{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Open missing: %v", err)
	}
	if _, err := Create(filepath.Join(t.TempDir(), "y.vault"), "admin", []byte("short"), Options{KDF: &weak}); !errors.Is(err, ErrValidation) {
		t.Fatalf("short passphrase: %v", err)
	}
}

func TestVaultFilePermissions(t *testing.T) {
	v, _ := NewTestVault(t)
	fi, err := os.Stat(v.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		t.Fatalf("vault file mode %v is readable by others", fi.Mode().Perm())
	}
}

// TestOpenRefusesForeignFiles: Open never treats another file as a vault,
// and never adds its tables to another SQLite database.
func TestOpenRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.vault")
	if err := os.WriteFile(garbage, []byte("this is not a database, just text long enough to look like a header"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(garbage, Options{}); err == nil {
		t.Fatal("Open accepted a text file")
	}
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	rawExec(t, db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
	db.Close()
	if _, err := Open(other, Options{}); !errors.Is(err, ErrValidation) {
		t.Fatalf("Open of a foreign SQLite file: %v, want ErrValidation", err)
	}
	db, _ = sql.Open("sqlite", other)
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("Open changed the foreign file (%v)", err)
	}
}
