package app

import (
	"errors"

	"custodia/consent"
	"custodia/i18n"
)

// RetentionRules lists the retention schedule, sorted by id.
func (s *Session) RetentionRules() ([]consent.RetentionRule, error) {
	return s.Store().ListRetentionRules(s.ctx)
}

// RetentionRule returns the stored rule with the id, or a new rule
// (version 0) with that id for the caller to fill in.
func (s *Session) RetentionRule(id string) (consent.RetentionRule, error) {
	rules, err := s.RetentionRules()
	if err != nil {
		return consent.RetentionRule{}, err
	}
	for _, r := range rules {
		if r.ID == id {
			return r, nil
		}
	}
	return consent.RetentionRule{ID: id}, nil
}

// SaveRetentionRule creates a rule (version 0) or changes a stored one
// (its version guards against a concurrent change); the store validates
// it, checks the governance permission and audits the change.
func (s *Session) SaveRetentionRule(r consent.RetentionRule) (consent.RetentionRule, error) {
	return s.Store().PutRetentionRule(s.ctx, r)
}

// DeleteRetentionRule removes a rule: records of its category are then
// kept until a rule exists. ErrUnknownRule (with consent.ErrNotFound) for
// an unknown id.
func (s *Session) DeleteRetentionRule(id string) error {
	r, err := s.RetentionRule(id)
	if err != nil {
		return err
	}
	if r.Version == 0 {
		return errorf(ErrUnknownRule, consent.ErrNotFound, "no retention rule %s", id)
	}
	err = s.Store().DeleteRetentionRule(s.ctx, r.ID, r.Version)
	if errors.Is(err, consent.ErrNotFound) {
		return errorf(ErrUnknownRule, err, "no retention rule %s", id)
	}
	return err
}

// Mismatch says the stored retention rules are the schedule of another
// country (Stored) than the practice's (Practice), for which a schedule is
// shipped: storing the practice details again switches them.
type Mismatch struct {
	Stored, Practice string // two-letter country codes
}

// Words says it for people in loc's language, each country by its name
// in that language ("Deutschland", "Frankreich").
func (m Mismatch) Words(loc *i18n.Localizer) string {
	return loc.T("polish.retention.mismatch", "Stored", loc.Country(m.Stored), "Practice", loc.Country(m.Practice))
}

// ScheduleMismatch reports whether rules are another country's schedule
// than the practice's (a vault whose country was set before schedules
// followed it); nil when they match, when the practice has no country or
// no schedule is shipped for it, or when all rules are the practice's own.
func (s *Session) ScheduleMismatch(rules []consent.RetentionRule) (*Mismatch, error) {
	j, err := s.Jurisdiction()
	if err != nil || j.Country == "" {
		return nil, err
	}
	shipped, err := ShippedSchedules()
	if err != nil || len(shipped.For(j.Country)) == 0 {
		return nil, err
	}
	for _, r := range rules {
		if r.Country == j.Country {
			return nil, nil
		}
	}
	for _, r := range rules {
		if r.Country != "" {
			return &Mismatch{Stored: r.Country, Practice: j.Country}, nil
		}
	}
	return nil, nil
}
