package vault

import (
	"errors"
	"reflect"
	"testing"
)

// Every signed-in role reads the staff names: the same ids, names and
// roles as the administrator's user list, one audited read per call,
// whatever the number of accounts (issue 10). A locked session and a
// disabled account are refused.
func TestStaffNamesForEveryRole(t *testing.T) {
	v, _, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	sessions := map[Role]*Session{RoleAdmin: admin}
	for _, r := range Roles()[1:] {
		if _, err := admin.AddUser("staff-"+string(r), r, []byte("pass-phrase-long-enough-1")); err != nil {
			t.Fatal(err)
		}
		if sessions[r], err = v.Unlock("staff-"+string(r), []byte("pass-phrase-long-enough-1")); err != nil {
			t.Fatal(err)
		}
	}
	users, err := admin.ListUsers()
	if err != nil {
		t.Fatal(err)
	}
	want := make([]StaffName, 0, len(users))
	for _, u := range users {
		want = append(want, StaffName{ID: u.ID, Name: u.Name, Role: u.Role})
	}
	for _, r := range Roles() {
		before := countAction(t, admin, "user.names")
		got, err := sessions[r].StaffNames()
		if err != nil {
			t.Errorf("%s: StaffNames: %v", r, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: StaffNames = %+v, want %+v", r, got, want)
		}
		if n := countAction(t, admin, "user.names") - before; n != 1 {
			t.Errorf("%s: %d user.names audit entries for one read, want 1", r, n)
		}
	}
	if err := admin.DisableUser("staff-" + string(RoleFrontDesk)); err != nil {
		t.Fatal(err)
	}
	if _, err := sessions[RoleFrontDesk].StaffNames(); !errors.Is(err, ErrUserDisabled) {
		t.Errorf("disabled account: %v, want ErrUserDisabled", err)
	}
	sessions[RoleClinician].Lock()
	if _, err := sessions[RoleClinician].StaffNames(); !errors.Is(err, ErrLocked) {
		t.Errorf("locked session: %v, want ErrLocked", err)
	}
}

// countAction counts the successful audit entries with action.
func countAction(t *testing.T, s *Session, action string) int {
	t.Helper()
	n := 0
	for _, e := range auditActions(t, s) {
		if e.Action == action && e.Outcome == outcomeOK {
			n++
		}
	}
	return n
}
