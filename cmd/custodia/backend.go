//go:build cgo

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"

	"filippo.io/age"

	"custodia/app"
	"custodia/ui"
	"custodia/ui/backup"
	"custodia/vault"
	"custodia/vault/demo"
)

// defaultDemoPatients is how many synthetic patients the demo vault holds.
const defaultDemoPatients = 2000

var (
	_ ui.ConsentSession  = app.VaultSession{}
	_ ui.SecondFactor    = app.VaultSession{}
	_ backup.Backupper   = app.VaultSession{}
	_ ui.CodeUnlocker    = openVault{}
	_ ui.ContextUnlocker = openVault{}
	_ backup.Restorer    = (*backend)(nil)
)

// backend implements ui.Backend with package vault.
type backend struct {
	dataDir      string
	demoPatients int
	// language is the user's language now: a new demo vault stores its
	// words in it.
	language func() string
	// demoOpts are the options a new demo vault is made with: the zero
	// value (the shipped key derivation) except in this package's tests.
	demoOpts vault.Options
}

func newBackend(dataDir string, demoPatients int, language func() string) *backend {
	return &backend{dataDir: dataDir, demoPatients: demoPatients, language: language}
}

func (b *backend) Create(path, adminName string, passphrase []byte) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	return app.CreateVault(context.Background(), path, adminName, passphrase, vault.Options{})
}

func (b *backend) Open(path string) (ui.Vault, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	v, err := vault.Open(path, vault.Options{})
	if err != nil {
		return nil, err
	}
	return openVault{v}, nil
}

// EnsureDemo creates the demo vault in the data directory on first use.
func (b *backend) EnsureDemo() (ui.DemoVault, error) {
	if b.dataDir == "" {
		return ui.DemoVault{}, errors.New("custodia: no data directory for the demo vault")
	}
	path := filepath.Join(b.dataDir, "demo.vault")
	if err := discardUnusableDemo(path); err != nil {
		return ui.DemoVault{}, err
	}
	if err := upgradeOldDemo(path, b.demoOpts); err != nil { // demo_upgrade.go
		return ui.DemoVault{}, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(b.dataDir, 0o700); err != nil {
			return ui.DemoVault{}, err
		}
		// with its study run once: the export history and re-identification have an export to show
		if _, err := app.CreateDemoVault(path, b.demoPatients, b.demoOpts, app.WithDemoExport(), app.WithDemoLanguage(b.lang())); err != nil {
			return ui.DemoVault{}, fmt.Errorf("custodia: creating the demo vault: %w", err)
		}
	} else if err != nil {
		return ui.DemoVault{}, err
	}
	d := ui.DemoVault{Path: path}
	for _, u := range demo.Users() {
		d.Users = append(d.Users, ui.DemoUser{Name: u.Name, Role: u.Role, Passphrase: u.Passphrase})
	}
	return d, nil
}

// lang is the user's language, "" when unknown.
func (b *backend) lang() string {
	if b.language == nil {
		return ""
	}
	return b.language()
}

// discardUnusableDemo removes a demo vault this build cannot open (made by
// an older format during development, or damaged) so a fresh one is made.
// Only ever the demo file: its data is synthetic.
func discardUnusableDemo(path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	v, err := vault.Open(path, vault.Options{})
	if err == nil {
		return v.Close()
	}
	log.Printf("custodia: the demo vault cannot be opened (%v); making a new one", err)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// Restore restores an age passphrase backup (backup.Restorer).
func (b *backend) Restore(from, to string, passphrase []byte, journals []string) (vault.RestoreReport, error) {
	f, err := os.Open(from)
	if err != nil {
		return vault.RestoreReport{}, err
	}
	defer f.Close()
	id, err := age.NewScryptIdentity(string(passphrase))
	if err != nil {
		return vault.RestoreReport{}, err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return vault.RestoreReport{}, err
	}
	return vault.Restore(f, to, vault.RestoreOptions{Journals: journals}, id)
}

// openVault adapts *vault.Vault, whose Unlock returns the concrete session.
type openVault struct{ v *vault.Vault }

func (o openVault) Path() string { return o.v.Path() }
func (o openVault) Close() error { return o.v.Close() }

// Unlock unlocks through the use case (which seeds a vault made before
// vaults were seeded at creation) and hands the ui the session with its
// consent side (app.VaultSession implements ui.ConsentSession).
func (o openVault) Unlock(user string, passphrase []byte) (ui.Session, error) {
	return o.UnlockWithCodeContext(context.Background(), user, passphrase, "")
}

// UnlockWithCode is Unlock with a second-factor code (ui.CodeUnlocker).
func (o openVault) UnlockWithCode(user string, passphrase []byte, code string) (ui.Session, error) {
	return o.UnlockWithCodeContext(context.Background(), user, passphrase, code)
}

func (o openVault) UnlockWithRecovery(code string) (ui.Session, error) {
	return o.UnlockWithRecoveryContext(context.Background(), code)
}

// UnlockWithCodeContext is UnlockWithCode that the unlock screen's Cancel
// stops while the key is derived (ui.ContextUnlocker).
func (o openVault) UnlockWithCodeContext(ctx context.Context, user string, passphrase []byte, code string) (ui.Session, error) {
	_, s, err := app.UnlockWithCode(ctx, o.v, user, passphrase, code, app.Options{})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// UnlockWithRecoveryContext is UnlockWithRecovery, cancellable likewise.
func (o openVault) UnlockWithRecoveryContext(ctx context.Context, code string) (ui.Session, error) {
	_, s, err := app.UnlockWithRecovery(ctx, o.v, code, app.Options{})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// dataDir is $XDG_CONFIG_HOME/custodia (or the platform's equivalent).
func dataDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "custodia"), nil
}
