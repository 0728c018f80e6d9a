package app

import (
	"context"

	"custodia/vault"
)

// UsersContext is a Users whose key derivations a context can stop
// (*vault.Session): adding a user and changing one's own passphrase then
// give up with context.Canceled and write nothing.
type UsersContext interface {
	AddUserContext(ctx context.Context, name string, role vault.Role, passphrase []byte) (vault.User, error)
	ChangePassphraseContext(ctx context.Context, old, passphrase []byte) error
}

// CanCancelKeyWork reports whether adding a user and changing a
// passphrase on u can be cancelled (front ends offer Cancel only then).
func CanCancelKeyWork(u Users) bool {
	_, ok := u.(UsersContext)
	return ok
}

// AddUserContext is AddUser that ctx can cancel while the new key slot's
// key is derived: context.Canceled, and the user list stays as it was.
// On a u that cannot be cancelled it is AddUser.
func AddUserContext(ctx context.Context, u Users, name string, role vault.Role, passphrase []byte) (vault.User, error) {
	uc, ok := u.(UsersContext)
	if !ok {
		return AddUser(u, name, role, passphrase)
	}
	added, err := uc.AddUserContext(ctx, name, role, passphrase)
	return added, userErr(name, err)
}

// ChangePassphraseContext is ChangePassphrase that ctx can cancel while
// the keys are derived: context.Canceled, and the old passphrase stays
// valid. On a u that cannot be cancelled it is ChangePassphrase.
func ChangePassphraseContext(ctx context.Context, u Users, old, passphrase []byte) error {
	uc, ok := u.(UsersContext)
	if !ok {
		return ChangePassphrase(u, old, passphrase)
	}
	return uc.ChangePassphraseContext(ctx, old, passphrase)
}
