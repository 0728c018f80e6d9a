package main

import (
	"errors"
	"io/fs"
	"log"
	"os"

	"custodia/vault"
	"custodia/vault/demo"
)

// upgradeOldDemo brings a demo vault made by an earlier version (key
// format 1) up to date with the public demo accounts, so it opens as
// before. If that fails the demo file (synthetic data only) is removed and
// EnsureDemo makes a new one.
func upgradeOldDemo(path string, opts vault.Options) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	up, err := demo.UpgradeDemoVault(path, opts)
	if err == nil {
		if up {
			log.Printf("custodia: the demo vault was brought up to date")
		}
		return nil
	}
	log.Printf("custodia: the demo vault could not be brought up to date (%v); making a new one", err)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
