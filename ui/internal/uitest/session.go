package uitest

import (
	"fmt"
	"time"

	"custodia/ui/kit"
	"custodia/vault"
)

// Session is a fake kit.Session: synthetic users and audit entries, and
// the patients of Patients (none unless a test adds them); it records the
// changes the screens ask for.
type Session struct {
	*Patients
	Me           vault.User
	IsLocked     bool
	Users        []vault.User
	Audit        []vault.AuditEntry
	AuditReads   int       // how many reads of the trail AuditPage opened
	VerifyErr    error     // what VerifyAudit returns
	Anchors      int       // Anchor calls
	LastAnchorAt time.Time // what LastAnchor reports
	Resets       []string  // users whose passphrase was reset
	Pass         string    // the signed-in user's passphrase (ChangePassphrase)
}

var _ kit.Session = (*Session)(nil)

// NewSession signs in u with 30 audit entries.
func NewSession(u vault.User) *Session {
	s := &Session{Patients: NewPatients(u, 0), Me: u, Users: []vault.User{u}}
	for i := range 30 {
		s.Audit = append(s.Audit, vault.AuditEntry{Seq: int64(i + 1), Time: time.Date(2026, 1, 1, 9, i, 0, 0, time.UTC),
			UserID: u.ID, Action: "patient.read", Object: fmt.Sprintf("patient:p%06d", i), Outcome: "ok"})
	}
	return s
}

func (s *Session) Lock()            { s.IsLocked = true }
func (s *Session) Locked() bool     { return s.IsLocked }
func (s *Session) User() vault.User { return s.Me }

func (s *Session) ListUsers() ([]vault.User, error) { return s.Users, nil }

func (s *Session) AddUser(name string, role vault.Role, _ []byte) (vault.User, error) {
	for _, u := range s.Users {
		if u.Name == name {
			return vault.User{}, vault.ErrExists
		}
	}
	u := vault.User{ID: "u-" + name, Name: name, Role: role}
	s.Users = append(s.Users, u)
	return u, nil
}

func (s *Session) changeUser(name string, f func(*vault.User)) error {
	for i := range s.Users {
		if s.Users[i].Name == name {
			f(&s.Users[i])
			return nil
		}
	}
	return vault.ErrNotFound
}

func (s *Session) SetRole(name string, role vault.Role) error {
	return s.changeUser(name, func(u *vault.User) { u.Role = role })
}
func (s *Session) DisableUser(name string) error {
	return s.changeUser(name, func(u *vault.User) { u.Disabled = true })
}
func (s *Session) EnableUser(name string) error {
	return s.changeUser(name, func(u *vault.User) { u.Disabled = false })
}
func (s *Session) EnableUserWithPassphrase(name string, _ []byte) error {
	return s.changeUser(name, func(u *vault.User) { u.Disabled = false })
}
func (s *Session) ResetPassphrase(name string, _ []byte) error {
	s.Resets = append(s.Resets, name)
	return nil
}

func (s *Session) ChangePassphrase(old, new []byte) error {
	if string(old) != s.Pass {
		return fmt.Errorf("change: %w", vault.ErrWrongPassphrase)
	}
	s.Pass = string(new)
	return nil
}

// AuditPage pages through the audit entries; each read opened is counted
// in AuditReads (a new read's id is one more than the last).
func (s *Session) AuditPage(read vault.AuditRead, after int64, limit int) ([]vault.AuditEntry, vault.AuditRead, error) {
	if read == 0 {
		s.AuditReads++
		read = vault.AuditRead(s.AuditReads)
	}
	var out []vault.AuditEntry
	for _, e := range s.Audit {
		if e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, read, nil
}

func (s *Session) Anchor() (vault.Anchor, error) {
	s.Anchors++
	return vault.Anchor{Format: vault.AnchorFormat, Seq: int64(len(s.Audit))}, nil
}
func (s *Session) LastAnchor() (time.Time, int64, error) { return s.LastAnchorAt, 0, nil }
func (s *Session) VerifyAudit() (int64, error) {
	if s.VerifyErr != nil {
		return 0, s.VerifyErr
	}
	return int64(len(s.Audit)), nil
}
