package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"custodia/assets"
	"custodia/consent"
	"custodia/vault"
	"custodia/vault/demo"
)

// CreateVault creates a vault file with its first administrator, loads
// the shipped purpose catalogue, consent texts and retention schedule
// into it (the one time they are seeded), and returns the recovery code.
// A vault that cannot be seeded is removed again, and so is one whose
// creation was cancelled (ctx.Err()): ctx is checked before the file is
// made, after it was made (the KDF calibration and the slots' derivations
// run to their end) and while the seeding unlock derives its key.
func CreateVault(ctx context.Context, path, adminName string, passphrase []byte, opts vault.Options) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	code, err := vault.Create(path, adminName, passphrase, opts)
	if err != nil {
		return "", err
	}
	err = ctx.Err()
	if err == nil {
		err = seedNew(ctx, path, adminName, passphrase, opts)
	}
	if isCancel(err) {
		removeVaultFiles(path)
		return "", err
	}
	if err != nil {
		removeVaultFiles(path)
		return "", fmt.Errorf("app: seeding the new vault: %w", err)
	}
	return code, nil
}

func seedNew(ctx context.Context, path, adminName string, passphrase []byte, opts vault.Options) error {
	v, err := vault.Open(path, opts)
	if err != nil {
		return err
	}
	defer v.Close()
	s, err := v.UnlockContext(ctx, adminName, passphrase)
	if err != nil {
		return err
	}
	defer s.Lock()
	country, err := New(FromVault(s), Options{}).practiceCountry()
	if err != nil {
		return err
	}
	return SeedFor(context.Background(), FromVault(s).Consent(), country)
}

// Seed loads the shipped purposes, consent texts and the default (German)
// retention schedule into a store; see SeedFor.
func Seed(ctx context.Context, store consent.Store) error { return SeedFor(ctx, store, "") }

// SeedFor loads the shipped purposes, consent texts and the shipped
// retention schedule of the practice's country ("": the German one; none
// for a country without a shipped schedule) into a store. Entries the store
// already has are left alone: the practice edits its own copy.
func SeedFor(ctx context.Context, store consent.Store, country string) error {
	purposes, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		return fmt.Errorf("shipped purposes: %w", err)
	}
	texts, err := consent.LoadTexts(assets.ConsentTexts())
	if err != nil {
		return fmt.Errorf("shipped consent texts: %w", err)
	}
	shipped, err := ShippedSchedules()
	if err != nil {
		return err
	}
	return consent.Seed(ctx, store, purposes, texts, shipped.For(country))
}

// ShippedSchedules loads the retention schedules shipped per country.
func ShippedSchedules() (consent.Schedules, error) {
	s, err := consent.LoadSchedules(bytes.NewReader(assets.RetentionSchedulesJSON()))
	if err != nil {
		return nil, fmt.Errorf("shipped retention schedules: %w", err)
	}
	return s, nil
}

// practiceCountry is the practice's country, "" when none is known.
func (s *Session) practiceCountry() (string, error) {
	j, err := s.Jurisdiction()
	return j.Country, err
}

// Unlock opens the session of a user and upgrades a vault created before
// vaults were seeded at creation (see Upgrade). Cancelling ctx while the
// key is being derived gives up at once: context.Canceled, nothing
// written, the vault still locked, the attempt not counted as a failure
// (vault.Vault.UnlockWithCodeContext). Once the passphrase is checked the
// unlock and the upgrade run to their end.
func Unlock(ctx context.Context, v *vault.Vault, user string, passphrase []byte, opts Options) (*Session, VaultSession, error) {
	vs, err := v.UnlockContext(ctx, user, passphrase)
	if err != nil {
		return nil, VaultSession{}, err
	}
	return upgraded(vs, opts)
}

// UnlockWithCode is Unlock with a second-factor code (TOTP or a backup
// code; "" when the user enrolled none): vault.ErrTOTPRequired when the
// user needs one. It is cancelled like Unlock.
func UnlockWithCode(ctx context.Context, v *vault.Vault, user string, passphrase []byte, code string, opts Options) (*Session, VaultSession, error) {
	vs, err := v.UnlockWithCodeContext(ctx, user, passphrase, code)
	if err != nil {
		return nil, VaultSession{}, err
	}
	return upgraded(vs, opts)
}

// UnlockWithRecovery is Unlock with the recovery code, cancelled like Unlock.
func UnlockWithRecovery(ctx context.Context, v *vault.Vault, code string, opts Options) (*Session, VaultSession, error) {
	vs, err := v.UnlockWithRecoveryContext(ctx, code)
	if err != nil {
		return nil, VaultSession{}, err
	}
	return upgraded(vs, opts)
}

func upgraded(vs *vault.Session, opts Options) (*Session, VaultSession, error) {
	v := FromVault(vs)
	s := New(v, opts)
	if err := s.Upgrade(); err != nil {
		vs.Lock()
		return nil, VaultSession{}, err
	}
	return s, v, nil
}

// Upgrade seeds a vault made before vaults were seeded at creation: when
// the catalogue is empty and the user may write it, the shipped
// catalogue is loaded once; later unlocks find purposes and add only the
// shipped consent text versions the vault lacks (AddShippedTexts; see
// TextsAdded).
// A user who may not write it leaves it for an administrator or the DPO
// (Catalogue then returns ErrCatalogueEmpty).
func (s *Session) Upgrade() error {
	if !s.Can(consent.PermGovernance) {
		return nil // a role that cannot seed need not look (a researcher may not even read the catalogue)
	}
	ps, err := s.Store().ListPurposes(s.ctx)
	if err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.addShippedTextsOnUnlock()
	}
	country, err := s.practiceCountry()
	if err != nil {
		return err
	}
	err = SeedFor(s.ctx, s.Store(), country)
	if errors.Is(err, consent.ErrPermission) || errors.Is(err, vault.ErrPermission) {
		return nil
	}
	return err
}

// CreateDemoVault creates the synthetic demo vault (vault/demo: demo
// accounts, practice details, n synthetic patients) and seeds it like any
// new vault; WithDemoExport also runs its study once, WithDemoLanguage
// words it in the user's language. If anything fails,
// nothing of the demo is left.
func CreateDemoVault(path string, n int, opts vault.Options, more ...DemoOption) (demo.Credentials, error) {
	var cfg demoConfig
	for _, o := range more {
		o(&cfg)
	}
	creds, err := demo.CreateDemoVaultIn(path, n, demo.TextsIn(cfg.lang), opts)
	if err != nil {
		return creds, err
	}
	if err := seedNew(context.Background(), path, demo.AdminName, []byte(demo.AdminPassphrase), opts); err != nil {
		removeVaultFiles(path)
		return demo.Credentials{}, fmt.Errorf("app: seeding the demo vault: %w", err)
	}
	if cfg.export {
		if _, err := runDemoExport(context.Background(), path, opts); err != nil {
			removeVaultFiles(path)
			return demo.Credentials{}, err
		}
	}
	return creds, nil
}
