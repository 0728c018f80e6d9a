package ui

import (
	"custodia/ui/kit"
	"custodia/vault"
)

// Backend opens, creates and provisions vault files. cmd/custodia wires it
// to package vault; tests use a fake.
type Backend interface {
	// Create makes a new vault with a first administrator and returns the
	// recovery code. Returns vault.ErrExists if the file exists and
	// vault.ErrValidation for a bad name or passphrase.
	Create(path, adminName string, passphrase []byte) (recoveryCode string, err error)
	// Open opens an existing vault file without unlocking it.
	Open(path string) (Vault, error)
	// EnsureDemo creates the synthetic demo vault on first use and returns
	// where it is and the fixed demo credentials.
	EnsureDemo() (DemoVault, error)
}

// DemoVault locates the demo vault and its public credentials: the data
// in it is synthetic, so the accounts are shown on the unlock screen.
type DemoVault struct {
	Path  string
	Users []DemoUser // the administrator first
}

// DemoUser is one demo account.
type DemoUser struct {
	Name       string
	Role       vault.Role
	Passphrase string
}

// Vault is an opened, still locked vault file.
type Vault interface {
	Path() string
	// Unlock returns vault.ErrWrongPassphrase (also for unknown users) or
	// vault.ErrUserDisabled.
	Unlock(username string, passphrase []byte) (Session, error)
	// UnlockWithRecovery returns vault.ErrWrongRecoveryCode.
	UnlockWithRecovery(code string) (Session, error)
	Close() error
}

// Session is the part of *vault.Session the views call (kit.Session).
type Session = kit.Session

// SecondFactor is the part of a session that manages TOTP (kit.SecondFactor).
type SecondFactor = kit.SecondFactor

// CodeUnlocker is a Vault that takes a second-factor code (kit.CodeUnlocker).
type CodeUnlocker = kit.CodeUnlocker
