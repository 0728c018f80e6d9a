package kit

import (
	"path/filepath"
	"testing"

	usecase "custodia/app"
	"custodia/i18n"
	"custodia/vault"
)

// The front desk and the clinician, who may not manage accounts, see who
// recorded a consent or handled a request by name, as the consent history
// (Who) and the request history (WhoAs) show it; the names are read once
// per Names, one audited read however many rows name someone (issue 10).
func TestNamesNameColleaguesForEveryRole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.vault")
	weak := vault.WeakKDFParams()
	if _, err := vault.Create(path, vault.TestAdminName, []byte(vault.TestAdminPassphrase), vault.Options{KDF: &weak}); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, vault.Options{KDF: &weak})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	admin, err := v.Unlock(vault.TestAdminName, []byte(vault.TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	adminID := admin.User().ID
	loc := i18n.MustLoad().Localizer("en")
	for _, r := range []vault.Role{vault.RoleFrontDesk, vault.RoleClinician, vault.RoleResearcher} {
		name := "staff-" + string(r)
		if _, err := admin.AddUser(name, r, []byte("pass-phrase-long-enough-1")); err != nil {
			t.Fatal(err)
		}
		s, err := v.Unlock(name, []byte("pass-phrase-long-enough-1"))
		if err != nil {
			t.Fatal(err)
		}
		before := reads(t, admin)
		env := &Env{Loc: loc, Names: NewNames(usecase.FromVault(s))}
		for range 3 {
			if got := env.Who(adminID); got != vault.TestAdminName {
				t.Errorf("%s: consent history names the recorder %q, want %q", r, got, vault.TestAdminName)
			}
			if got := env.WhoAs(adminID, string(vault.RoleAdmin)); got != vault.TestAdminName {
				t.Errorf("%s: request history names the handler %q, want %q", r, got, vault.TestAdminName)
			}
		}
		if got := env.Who(s.User().ID); got != name {
			t.Errorf("%s: own name %q", r, got)
		}
		if n := reads(t, admin) - before; n != 1 {
			t.Errorf("%s: %d staff-name reads audited for one view, want 1", r, n)
		}
		unknown := "0191c0de-0000-7000-8000-00000000abcd"
		if got, want := env.WhoAs(unknown, ""), loc.T("layout.user.ref", "Ref", ShortRef(unknown)); got != want {
			t.Errorf("%s: unknown account %q, want the short reference %q", r, got, want)
		}
	}
}

// reads counts the audited staff-name reads.
func reads(t *testing.T, s *vault.Session) int {
	t.Helper()
	es, err := s.AuditEntries(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Action == "user.names" && e.Outcome == "ok" {
			n++
		}
	}
	return n
}
