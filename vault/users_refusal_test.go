package vault

import (
	"errors"
	"testing"
)

// A role that may neither manage users nor read the trail is refused the
// user list for the user-management permission, not for reading the
// trail it never asked for; the DPO (audit read) still lists (issue 10).
func TestListUsersRefusalNamesUserManagement(t *testing.T) {
	v, _, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []Role{RoleResearcher, RoleClinician, RoleFrontDesk, RoleDPO} {
		if _, err := admin.AddUser(string(r), r, []byte("pass-phrase-long-enough-1")); err != nil {
			t.Fatal(err)
		}
		s, err := v.Unlock(string(r), []byte("pass-phrase-long-enough-1"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.ListUsers()
		var pe *PermissionError
		switch {
		case r == RoleDPO && err != nil:
			t.Errorf("the DPO cannot list users: %v", err)
		case r != RoleDPO && (!errors.As(err, &pe) || pe.Perm != PermUserManage):
			t.Errorf("%s: refused %v, want a refusal for %s", r, err, PermUserManage)
		}
	}
}
