package demo

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"custodia/vault"
)

func testOptions() vault.Options {
	weak := vault.WeakKDFParams()
	return vault.Options{KDF: &weak, Now: func() time.Time { return testNow }}
}

func TestCreateDemoVault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.vault")
	const n = 1234 // more than one batch
	creds, err := CreateDemoVault(path, n, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if creds.RecoveryCode == "" || len(creds.Users) != 5 {
		t.Fatalf("credentials: %+v", creds)
	}
	v, err := vault.Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, u := range creds.Users {
		s, err := v.Unlock(u.Name, []byte(u.Passphrase))
		if err != nil {
			t.Fatalf("unlock %s: %v", u.Name, err)
		}
		if s.User().Role != u.Role {
			t.Errorf("user %s has role %s, want %s", u.Name, s.User().Role, u.Role)
		}
		s.Lock()
	}
	s, err := v.Unlock(AdminName, []byte(AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	if got, err := s.Practice(); err != nil || got != Practice() {
		t.Fatalf("practice details = %+v, %v; want the synthetic practice", got, err)
	}
	if got, err := s.CountPatients(); err != nil || got != n {
		t.Fatalf("count = %d, %v; want %d", got, err, n)
	}
	// The stored patients are the generated ones, in order.
	want := Patients(n, Seed, testNow)
	list, err := s.ListPatients(n-3, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range list {
		w := want[n-3+i]
		if p.MRN != w.MRN || p.FamilyName != w.FamilyName || !p.BirthDate.Equal(w.BirthDate) {
			t.Fatalf("patient %d differs from the generator", n-3+i)
		}
	}
	found, err := s.FindPatients(vault.Query{MRN: want[42].MRN})
	if err != nil || len(found) != 1 {
		t.Fatalf("find by MRN: %v, %v", found, err)
	}
}

func TestCreateDemoVaultExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.vault")
	if err := os.WriteFile(path, []byte("not a vault"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := CreateDemoVault(path, 3, testOptions()); !errors.Is(err, vault.ErrExists) {
		t.Fatalf("got %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "not a vault" {
		t.Fatal("existing file was touched")
	}
}
