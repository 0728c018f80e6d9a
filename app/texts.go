package app

import (
	"errors"
	"fmt"

	"custodia/assets"
	"custodia/consent"
	"custodia/vault"
)

// ErrNoTextAdder: the session's consent store cannot add text versions
// insert-only (it is no consent.TextAdder), so shipped texts cannot be
// added safely.
var ErrNoTextAdder = errors.New("app: the consent store cannot add text versions")

// AddShippedTexts gives an existing vault the consent text versions this
// release ships that it lacks (seeding runs only when a vault is made):
// for purposes in its catalogue, unless the practice words that purpose
// in that language itself (consent.PlanShippedTexts). It adds in one
// transaction, audited per version, and never replaces or changes a
// stored version (texts are evidence): one stored with the same number
// but another wording is reported in Differ. A second run adds nothing.
// Needs the governance permission (administrator or DPO); the vault
// refuses and audits anyone else.
func (s *Session) AddShippedTexts() (consent.TextSync, error) {
	adder, ok := s.Store().(consent.TextAdder)
	if !ok {
		return consent.TextSync{}, ErrNoTextAdder
	}
	shipped, err := consent.LoadTexts(assets.ConsentTexts())
	if err != nil {
		return consent.TextSync{}, fmt.Errorf("shipped consent texts: %w", err)
	}
	purposes, err := s.Store().ListPurposes(s.ctx)
	if err != nil {
		return consent.TextSync{}, err
	}
	stored, err := s.Store().ListTexts(s.ctx, "")
	if err != nil {
		return consent.TextSync{}, err
	}
	add, report := consent.PlanShippedTexts(shipped, stored, purposes)
	if len(add) == 0 {
		return report, nil
	}
	done, err := adder.AddTexts(s.ctx, add)
	if err != nil {
		return consent.TextSync{}, err
	}
	report.Added = done.Added
	report.Differ = append(report.Differ, done.Differ...) // stored meanwhile with another wording
	consent.SortRefs(report.Differ)
	return report, nil
}

// TextsAdded is what the unlock's AddShippedTexts did (zero when the
// user's role may not add texts or the vault was just seeded).
func (s *Session) TextsAdded() consent.TextSync { return s.textSync }

// addShippedTextsOnUnlock runs AddShippedTexts for an administrator or
// the DPO; a store that cannot add texts or a refused permission leave
// the vault as it is.
func (s *Session) addShippedTextsOnUnlock() error {
	sync, err := s.AddShippedTexts()
	if errors.Is(err, ErrNoTextAdder) || errors.Is(err, consent.ErrPermission) || errors.Is(err, vault.ErrPermission) {
		return nil
	}
	s.textSync = sync
	return err
}
