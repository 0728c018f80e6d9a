package app

import (
	"errors"

	"custodia/vault"
)

// Users is the part of an unlocked session that manages staff accounts;
// *vault.Session is one. The vault allows it to administrators only (a
// user changes their own passphrase) and audits every step.
type Users interface {
	User() vault.User
	ListUsers() ([]vault.User, error)
	// AddUser returns vault.ErrExists when the name is taken and a
	// *vault.ValidationError for a weak passphrase or bad name.
	AddUser(name string, role vault.Role, passphrase []byte) (vault.User, error)
	SetRole(name string, role vault.Role) error
	DisableUser(name string) error
	EnableUserWithPassphrase(name string, passphrase []byte) error
	ResetPassphrase(name string, passphrase []byte) error
	// ChangePassphrase returns vault.ErrWrongPassphrase when old is wrong.
	ChangePassphrase(old, new []byte) error
}

// PassphraseResetter resets another user's passphrase (administrators,
// or a session unlocked with the recovery code).
type PassphraseResetter interface {
	ResetPassphrase(name string, passphrase []byte) error
}

// RecoveryCoder replaces the vault's recovery code; *vault.Session is one.
type RecoveryCoder interface {
	NewRecoveryCode() (string, error)
}

// ListUsers lists the staff accounts (administrators).
func ListUsers(u Users) ([]vault.User, error) { return u.ListUsers() }

// AddUser creates a staff account with a role and a first passphrase;
// ErrUserExists when the name is taken.
func AddUser(u Users, name string, role vault.Role, passphrase []byte) (vault.User, error) {
	added, err := u.AddUser(name, role, passphrase)
	return added, userErr(name, err)
}

// SetRole changes a user's role (the vault re-wraps their keys);
// ErrUnknownUser for a name the vault does not hold.
func SetRole(u Users, name string, role vault.Role) error {
	return userErr(name, u.SetRole(name, role))
}

// DisableUser disables an account: its key slot is destroyed, it stays in
// the audit trail.
func DisableUser(u Users, name string) error { return userErr(name, u.DisableUser(name)) }

// EnableUser enables a disabled account with a new passphrase (disabling
// destroyed its keys, so it gets new ones for its role).
func EnableUser(u Users, name string, passphrase []byte) error {
	return userErr(name, u.EnableUserWithPassphrase(name, passphrase))
}

// ChangePassphrase changes the signed-in user's own passphrase, which
// needs the current one (vault.ErrWrongPassphrase); one key slot is
// rewritten, never the data.
func ChangePassphrase(u Users, old, passphrase []byte) error {
	return u.ChangePassphrase(old, passphrase)
}

// ResetPassphrase sets another user's passphrase (an administrator, or a
// session unlocked with the recovery code); ErrUnknownUser for a name the
// vault does not hold.
func ResetPassphrase(r PassphraseResetter, name string, passphrase []byte) error {
	return userErr(name, r.ResetPassphrase(name, passphrase))
}

// NewRecoveryCode writes a new recovery slot and returns its code, shown
// once; the previous code stops working at once (administrators).
func NewRecoveryCode(r RecoveryCoder) (string, error) { return r.NewRecoveryCode() }

// userErr refines the vault's not-found and exists errors for a named
// staff account (a user name is staff data, not patient data).
func userErr(name string, err error) error {
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return errorf(ErrUnknownUser, err, "no user named %q", name)
	case errors.Is(err, vault.ErrExists):
		return errorf(ErrUserExists, err, "a user named %q already exists", name)
	}
	return err
}

// StaffDirectory reads who the staff accounts are; *vault.Session is one.
// The vault allows it to every signed-in role and audits each read.
type StaffDirectory interface {
	StaffNames() ([]vault.StaffName, error)
}

// StaffNames maps every staff account's id to its name, for naming who
// recorded a consent, handled a request or wrote an audit entry (any
// signed-in role; one audited read per call, so callers keep the map for
// a view or a command rather than asking per name).
func StaffNames(d StaffDirectory) (map[string]string, error) {
	staff, err := d.StaffNames()
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(staff))
	for _, s := range staff {
		names[s.ID] = s.Name
	}
	return names, nil
}

var _ StaffDirectory = VaultSession{}
