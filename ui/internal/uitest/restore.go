package uitest

import (
	"os"

	"custodia/vault"

	"filippo.io/age"
)

// AgeRestorer restores an age passphrase backup the way cmd/custodia's
// backend does, for tests that restore through the desktop.
type AgeRestorer struct{}

// Restore restores the backup at from into a new vault file at to.
func (AgeRestorer) Restore(from, to string, pass []byte, journals []string) (vault.RestoreReport, error) {
	f, err := os.Open(from)
	if err != nil {
		return vault.RestoreReport{}, err
	}
	defer f.Close()
	id, err := age.NewScryptIdentity(string(pass))
	if err != nil {
		return vault.RestoreReport{}, err
	}
	return vault.Restore(f, to, vault.RestoreOptions{Journals: journals}, id)
}
