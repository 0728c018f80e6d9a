package vault

import (
	"path/filepath"
	"testing"
)

// Credentials of the administrator NewTestVault creates.
const (
	TestAdminName       = "admin"
	TestAdminPassphrase = "admin-passphrase"
)

// NewTestVault creates a vault in tb.TempDir() with WeakKDFParams, unlocks it
// as administrator "admin" (passphrase "admin-passphrase") and closes it with
// tb.Cleanup. For tests only: the KDF parameters are far too weak for real data.
func NewTestVault(tb testing.TB) (*Vault, *Session) {
	tb.Helper()
	weak := WeakKDFParams()
	path := filepath.Join(tb.TempDir(), "test.vault")
	opts := Options{KDF: &weak}
	if _, err := Create(path, TestAdminName, []byte(TestAdminPassphrase), opts); err != nil {
		tb.Fatalf("vault.NewTestVault: create: %v", err)
	}
	v, err := Open(path, opts)
	if err != nil {
		tb.Fatalf("vault.NewTestVault: open: %v", err)
	}
	tb.Cleanup(func() { v.Close() })
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		tb.Fatalf("vault.NewTestVault: unlock: %v", err)
	}
	tb.Cleanup(s.Lock)
	return v, s
}
