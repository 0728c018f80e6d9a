package demo

import (
	"errors"
	"fmt"
	"slices"

	"custodia/vault"
)

// UpgradeDemoVault brings a demo vault made by an earlier version (key
// format 1) up to date: the demo administrator's unlock upgrades it, then
// every demo account whose keys the upgrade could not carry over gets its
// public demo passphrase again, and the vault a new recovery code (not
// kept: the demo's accounts are public). It reports whether it upgraded.
// A vault that is already current is left alone.
func UpgradeDemoVault(path string, opts vault.Options) (bool, error) {
	v, err := vault.Open(path, opts)
	if err != nil {
		return false, err
	}
	defer v.Close()
	old, err := v.NeedsUpgrade()
	if err != nil || !old {
		return false, err
	}
	s, err := v.Unlock(AdminName, []byte(AdminPassphrase))
	if err != nil {
		return false, fmt.Errorf("demo: upgrade the demo vault: %w", err)
	}
	defer s.Lock()
	return true, restoreDemoAccounts(s)
}

// restoreDemoAccounts sets the demo passphrases of the accounts the
// upgrade left without keys and makes a recovery code.
func restoreDemoAccounts(s *vault.Session) error {
	need, err := s.PendingKeys()
	if err != nil {
		return err
	}
	for _, u := range need.Users {
		i := slices.IndexFunc(Users(), func(d User) bool { return d.Name == u.Name })
		if i < 0 {
			continue // an account someone added to the demo: no known passphrase
		}
		if err := s.ResetPassphrase(u.Name, []byte(Users()[i].Passphrase)); err != nil {
			return fmt.Errorf("demo: passphrase of %s: %w", u.Name, err)
		}
	}
	if need.RecoveryCode {
		if _, err := s.NewRecoveryCode(); err != nil && !errors.Is(err, vault.ErrLocked) {
			return fmt.Errorf("demo: recovery code: %w", err)
		}
	}
	return nil
}
