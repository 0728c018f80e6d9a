package app

import (
	"errors"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// The retention plan and the due list in the reader's language, for both
// front ends (the desktop's Governance tab and "custodiactl retention"):
// codes (record categories, triggers, the Art. 17(3) exception, the
// country, the end action) are worded through the catalogue; a shipped
// rule's legal source reads in the reader's language while the stored
// text is still the shipped English one, and a practice's own text stays
// as written.

// RuleWords is one retention rule worded for a table row.
type RuleWords struct {
	Records    string // the record category
	Period     string // "10 Jahre", "1 Jahr 6 Monate"
	CountsFrom string // when the period starts
	Exception  string // the Art. 17(3) exception, "" for none
	OnExpiry   string // what happens at the end
	Country    string // whose schedule, "" for the practice's own rule
	Source     string // the legal source
}

// RetentionRuleWords words a retention rule.
func RetentionRuleWords(loc *i18n.Localizer, r consent.RetentionRule) RuleWords {
	return RuleWords{
		Records:    RecordCategoryText(loc, r.Category),
		Period:     loc.RetentionPeriod(r.Years, r.Months),
		CountsFrom: CountsFromText(loc, r),
		Exception:  ExceptionText(loc, r.Exception),
		OnExpiry:   loc.Label("endaction", string(r.OnExpiry), string(r.OnExpiry)),
		Country:    countryText(loc, r.Country),
		Source:     LegalSourceText(loc, r.ID, r.LegalSource),
	}
}

// RecordCategoryText names a record category ("Kontaktdaten").
func RecordCategoryText(loc *i18n.Localizer, c consent.RecordCategory) string {
	return loc.Label("record", string(c), c.Label())
}

// CountsFromText says when a rule's period starts ("Ende des
// Kalenderjahres der letzten Behandlung").
func CountsFromText(loc *i18n.Localizer, r consent.RetentionRule) string {
	from := loc.Label("trigger", string(r.Trigger), r.Trigger.Label())
	if r.CountsFromYearEnd() && r.Trigger != consent.TriggerYearEnd {
		return loc.T("retentiontext.yearend", "Trigger", from)
	}
	return from
}

// ExceptionText words an exception of GDPR Art. 17(3) by its point ("e":
// "DSGVO Art. 17 Abs. 3 lit. e"); "" for none.
func ExceptionText(loc *i18n.Localizer, point string) string {
	if point == "" {
		return ""
	}
	return loc.T("retentiontext.art173", "Point", point)
}

func countryText(loc *i18n.Localizer, code string) string {
	if code == "" {
		return ""
	}
	return loc.Country(code)
}

// DueWords is one record due for deletion, worded for a table row (the
// person is named by the front end, which knows whether the role may read
// identities: SubjectText).
type DueWords struct {
	Since  string // the day the period ended
	Record string // what the record is: its category
	Action string // what happens to it
	Ground string // why: the rule's legal source, or the kept data's ground
}

// RetentionDueWords words a due item.
func RetentionDueWords(loc *i18n.Localizer, d consent.DueItem) DueWords {
	w := DueWords{Since: loc.Date(d.DueSince), Record: RecordCategoryText(loc, d.Item.Category),
		Action: loc.Label("action", string(d.Action), string(d.Action)), Ground: loc.LegalSource(d.RuleID, d.LegalSource)}
	if IsKept(d) {
		w.Ground = loc.T("retentiontext.kept", "Date", loc.Date(d.Item.KeepUntil))
	}
	return w
}

// SubjectText names the person a record is about for people: "Family,
// Given (born date)" when the role may read identities and the patient is
// in the vault (p non-nil), else a short reference; "—" for a record about
// nobody in particular.
func SubjectText(loc *i18n.Localizer, id string, p *Subject) string {
	switch {
	case id == "":
		return "—"
	case p != nil:
		return loc.T("retentiontext.subject", "Family", p.Family, "Given", p.Given, "Born", loc.Date(p.BirthDate))
	}
	return loc.T("retentiontext.subjectref", "Ref", ShortRef(id))
}

// ShortRef is the short reference of an id shown where a name may not
// be: its last eight characters (ids are UUIDv7, whose leading characters
// are a timestamp shared by every record made in the same minute).
func ShortRef(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}

// SubjectNames reads the names of the patients ids refer to, for roles
// that may read identities (each read checked and audited by the vault);
// an id not in the vault (erased) is left out, and so is everyone when
// the role may not read identities.
func (s *Session) SubjectNames(ids []string) (map[string]Subject, error) {
	out := map[string]Subject{}
	if !s.User().Role.Can(vault.PermPatientRead) {
		return out, nil
	}
	for _, id := range ids {
		if _, seen := out[id]; seen || id == "" {
			continue
		}
		p, err := s.v.GetPatient(id)
		switch {
		case errors.Is(err, vault.ErrNotFound):
			continue
		case err != nil:
			return nil, err
		}
		out[id] = Subject{Family: p.FamilyName, Given: p.GivenName, BirthDate: p.BirthDate}
	}
	return out, nil
}
