package patientcsv

import (
	"errors"
	"strings"
	"testing"

	"custodia/vault"
)

func count(t *testing.T, s *vault.Session) int {
	t.Helper()
	n, err := s.CountPatients()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImport(t *testing.T) {
	_, s := vault.NewTestVault(t)
	added, err := Import(s, strings.NewReader(parseCases[0].input), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 2 || added[0].ID == "" || count(t, s) != 2 {
		t.Fatalf("added %d, count %d", len(added), count(t, s))
	}
	found, err := s.FindPatients(vault.Query{Name: "elise durand"})
	if err != nil || len(found) != 1 || found[0].ID != added[0].ID {
		t.Fatalf("find after import: %v, %v", found, err)
	}
}

// TestImportAllOrNothing checks that a file with one bad line among good
// ones writes nothing.
func TestImportAllOrNothing(t *testing.T) {
	_, s := vault.NewTestVault(t)
	for _, tc := range parseCases {
		if tc.errs == nil {
			continue
		}
		_, err := Import(s, strings.NewReader(tc.input), Options{})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", tc.name, err)
		}
		if n := count(t, s); n != 0 {
			t.Fatalf("%s: %d patients written", tc.name, n)
		}
	}
}

func TestImportExistingMRN(t *testing.T) {
	_, s := vault.NewTestVault(t)
	if _, err := Import(s, strings.NewReader(parseCases[0].input), Options{}); err != nil {
		t.Fatal(err)
	}
	again := header + "Anna,Bakker,2000-01-01,f,,B7\nLuca,Rossi,1999-01-01,m,,a 1\n"
	_, err := Import(s, strings.NewReader(again), Options{})
	checkErrors(t, err, []at{{3, "mrn"}}, nil)
	if n := count(t, s); n != 2 {
		t.Fatalf("count %d after refused import, want 2", n)
	}
}

func TestImportPermission(t *testing.T) {
	v, admin := vault.NewTestVault(t)
	if _, err := admin.AddUser("res", vault.RoleResearcher, []byte("researcher-pass")); err != nil {
		t.Fatal(err)
	}
	s, err := v.Unlock("res", []byte("researcher-pass"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	_, err = Import(s, strings.NewReader(parseCases[0].input), Options{})
	if !errors.Is(err, vault.ErrPermission) {
		t.Fatalf("researcher import: got %v, want ErrPermission", err)
	}
	if n := count(t, admin); n != 0 {
		t.Fatalf("%d patients written by a researcher", n)
	}
}
