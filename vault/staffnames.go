package vault

import "fmt"

// StaffName is what every colleague may know of a staff account: who it
// is (its id, as audit entries, consent events and request histories
// record it), its name and its role. Nothing else: no keys, no second
// factor, no disabled flag.
type StaffName struct {
	ID   string
	Name string
	Role Role
}

// permSignedIn is the right every signed-in role holds: reading the
// staff names (StaffNames). It is no row of the matrix (not in
// Permissions), and a session that may not run at all (locked, disabled,
// second factor still to enrol) is refused before it is checked.
const permSignedIn Permission = "signed-in"

// StaffNames returns the id, name and role of every staff account, in
// name order, to any signed-in role: in a practice everyone knows who
// recorded a consent or handled a request. Each call is one audited read
// ("user.names", with the count); each row's signature is verified, so an
// edited name is ErrIntegrity. Managing accounts stays with ListUsers
// (PermUserManage).
func (s *Session) StaffNames() ([]StaffName, error) {
	var out []StaffName
	err := s.runRead(permSignedIn, "user.names", "", func(tx *txn, k *keys) error {
		users, err := readUsers(tx, k)
		if err != nil {
			return err
		}
		out = make([]StaffName, 0, len(users))
		for _, u := range users {
			out = append(out, StaffName{ID: u.ID, Name: u.Name, Role: u.Role})
		}
		return s.audit(tx, k, "user.names", "", outcomeOK, fmt.Sprintf("results=%d", len(out)))
	})
	return out, err
}
