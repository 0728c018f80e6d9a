package demo

import (
	"os"
	"path/filepath"
	"testing"

	"custodia/vault"
)

// A demo vault made by the format-1 code (the vault package's fixture is
// one) opens again for every demo account after UpgradeDemoVault.
func TestUpgradeDemoVault(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "format1", "format1.vault"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "demo.vault")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak}
	up, err := UpgradeDemoVault(path, opts)
	if err != nil || !up {
		t.Fatalf("upgrade: %t, %v", up, err)
	}
	if up, err := UpgradeDemoVault(path, opts); err != nil || up {
		t.Fatalf("second call: %t, %v (want nothing to do)", up, err)
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, u := range Users() {
		s, err := v.Unlock(u.Name, []byte(u.Passphrase))
		if err != nil {
			t.Fatalf("%s after the demo upgrade: %v", u.Name, err)
		}
		if u.Role == vault.RoleAdmin {
			need, err := s.PendingKeys()
			if err != nil || !need.Empty() {
				t.Errorf("pending keys after the demo upgrade: %+v, %v", need, err)
			}
		}
		s.Lock()
	}
}
