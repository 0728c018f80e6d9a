package vault

import (
	"fmt"

	"custodia/consent"
)

// ScheduleResult says what SetPracticeSchedule did to the retention rules.
type ScheduleResult struct {
	Country string
	// Shipped is false when no schedule is shipped for the country: the
	// stored rules then stay as they were, for the DPO to review.
	Shipped bool
	Removed int // rules of another country removed
	Added   int // shipped rules of the country added
}

// SetPracticeSchedule stores the practice's details as SetPractice does
// and, in the same transaction, makes the retention schedule follow the
// country: when the country changes (or none of its rules is stored yet)
// the rules of other countries are removed and the shipped rules of the
// country not yet stored are added (consent.PlanSchedule). The practice's
// own rules (no country) and stored rules of the country stay. Needs
// PermGovernance; audited as practice.set and retention.schedule (with the
// numbers). *ValidationError for the details; consent.ErrInvalid for a
// shipped rule that does not validate.
func (s *Session) SetPracticeSchedule(c consent.Controller, shipped consent.Schedules) (ScheduleResult, error) {
	c = TrimPractice(c)
	res := ScheduleResult{Country: c.Country}
	err := s.run(PermGovernance, "practice.set", "practice", func(tx *txn, k *keys) error {
		if err := CheckPractice(c); err != nil {
			return err
		}
		old, _, err := readPractice(tx, k)
		if err != nil {
			return err
		}
		if err := s.storePractice(tx, k, c); err != nil {
			return err
		}
		rules := shipped.For(c.Country)
		res.Shipped = len(rules) > 0
		if !res.Shipped {
			return nil
		}
		return s.switchSchedule(tx, k, old.Country, c.Country, rules, &res)
	})
	return res, err
}

// switchSchedule applies the schedule change inside tx.
func (s *Session) switchSchedule(tx *txn, k *keys, oldCountry, country string, shipped []consent.RetentionRule, res *ScheduleResult) error {
	stored, err := listRetentionRules(tx)
	if err != nil {
		return err
	}
	if oldCountry == country && hasCountryRule(stored, country) {
		return nil
	}
	change := consent.PlanSchedule(stored, shipped, country)
	for _, r := range change.Remove {
		if _, err := tx.Exec("DELETE FROM retention_rules WHERE id = ?", r.ID); err != nil {
			return fmt.Errorf("vault: remove retention rule %s: %w", r.ID, err)
		}
	}
	for _, r := range change.Add {
		if err := insertRule(tx, r); err != nil {
			return err
		}
	}
	res.Removed, res.Added = len(change.Remove), len(change.Add)
	return s.audit(tx, k, "retention.schedule", "retention", outcomeOK,
		fmt.Sprintf("country=%s removed=%d added=%d", country, res.Removed, res.Added))
}

func hasCountryRule(rules []consent.RetentionRule, country string) bool {
	for _, r := range rules {
		if r.Country == country {
			return true
		}
	}
	return false
}

// insertRule stores a new rule at version 1.
func insertRule(tx *txn, r consent.RetentionRule) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("shipped retention rule %s: %w", r.ID, err)
	}
	r.Version = 1
	body, err := encodeBody(r)
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO retention_rules (id, version, body) VALUES (?, ?, ?)", r.ID, r.Version, body); err != nil {
		return fmt.Errorf("vault: store retention rule %s: %w", r.ID, err)
	}
	return nil
}
