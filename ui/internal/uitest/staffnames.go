package uitest

import "custodia/vault"

// StaffNames is the vault's staff-name read (every signed-in role): the
// id, name and role of each of Users.
func (s *Session) StaffNames() ([]vault.StaffName, error) {
	out := make([]vault.StaffName, 0, len(s.Users))
	for _, u := range s.Users {
		out = append(out, vault.StaffName{ID: u.ID, Name: u.Name, Role: u.Role})
	}
	return out, nil
}
