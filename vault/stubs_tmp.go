package vault

import (
	"errors"
	"testing"
	"time"
)

var errTODO = errors.New("vault: not implemented yet")

// Options configure Create and Open.
type Options struct {
	KDF *KDFParams       // nil: calibrate to ~0.5–1 s
	Now func() time.Time // nil: time.Now
}

// Vault is an open vault file without keys.
type Vault struct{ path string }

// Session is an unlocked vault for one user.
type Session struct{ v *Vault }

// User is a member of staff with a login.
type User struct {
	ID        string
	Name      string
	Role      Role
	Disabled  bool
	CreatedAt time.Time
}

// AuditEntry is one entry of the audit trail.
type AuditEntry struct {
	Seq     int64
	Time    time.Time
	UserID  string
	Action  string
	Object  string
	Outcome string
	Detail  string
}

func Create(path, adminName string, passphrase []byte, opts Options) (string, error) {
	return "", errTODO
}
func Open(path string, opts Options) (*Vault, error)                         { return nil, errTODO }
func (v *Vault) Close() error                                                { return nil }
func (v *Vault) Path() string                                                { return v.path }
func (v *Vault) Unlock(username string, passphrase []byte) (*Session, error) { return nil, errTODO }
func (v *Vault) UnlockWithRecovery(code string) (*Session, error)            { return nil, errTODO }
func (s *Session) Lock()                                                     {}
func (s *Session) Locked() bool                                              { return true }
func (s *Session) User() User                                                { return User{} }
func NewTestVault(tb testing.TB) (*Vault, *Session)                          { tb.Helper(); tb.Skip("todo"); return nil, nil }
func (s *Session) AddPatient(p Patient) (Patient, error)                     { return Patient{}, errTODO }
func (s *Session) AddPatients(ps []Patient) ([]Patient, error)               { return nil, errTODO }
func (s *Session) GetPatient(id string) (Patient, error)                     { return Patient{}, errTODO }
func (s *Session) UpdatePatient(p Patient) (Patient, error)                  { return Patient{}, errTODO }
func (s *Session) DeletePatient(id string) error                             { return errTODO }
func (s *Session) FindPatients(q Query) ([]PatientSummary, error)            { return nil, errTODO }
func (s *Session) CountPatients() (int, error)                               { return 0, errTODO }
func (s *Session) ListPatients(offset, limit int) ([]PatientSummary, error)  { return nil, errTODO }
func (s *Session) AddUser(name string, role Role, passphrase []byte) (User, error) {
	return User{}, errTODO
}
func (s *Session) ListUsers() ([]User, error)                                   { return nil, errTODO }
func (s *Session) SetRole(name string, role Role) error                         { return errTODO }
func (s *Session) DisableUser(name string) error                                { return errTODO }
func (s *Session) ChangePassphrase(old, new []byte) error                       { return errTODO }
func (s *Session) ResetPassphrase(name string, new []byte) error                { return errTODO }
func (s *Session) AuditEntries(afterSeq int64, limit int) ([]AuditEntry, error) { return nil, errTODO }
func (s *Session) VerifyAudit() (int64, error)                                  { return 0, errTODO }
