package consent

import (
	"fmt"
	"time"
)

// RetentionTerm is one retention line of an access report as codes, for
// documents worded in the reader's language (AccessPurpose.Retention is
// the same line in English).
type RetentionTerm struct {
	// Category is the record category the line is about; ConsentRecord
	// marks the line about the record of the patient's consent.
	Category      RecordCategory `json:"category"`
	ConsentRecord bool           `json:"consentRecord,omitempty"`
	// NoRule: no retention rule covers the category; the fields below are empty.
	NoRule      bool    `json:"noRule,omitempty"`
	RuleID      string  `json:"ruleId,omitempty"`
	Years       int     `json:"years,omitempty"`
	Months      int     `json:"months,omitempty"`
	Trigger     Trigger `json:"trigger,omitempty"`
	LegalSource string  `json:"legalSource,omitempty"` // as stored in the rule
	// Until is the earliest day the records may go, zero while the trigger
	// is unknown (then the period and its trigger say it).
	Until time.Time `json:"until,omitzero"`
	// WhileConsent: the consent still counts; its record is kept while it
	// does and for the period after.
	WhileConsent bool `json:"whileConsent,omitempty"`
}

// RecipientRef is a recipient of an access report by code, with its name
// and category as the catalogue stores them (Category is "" for a
// recipient the catalogue does not name). For a research study's
// recipient, Name is the organisation and Study the study's name.
type RecipientRef struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category,omitempty"`
	Study    string `json:"study,omitempty"`
}

// SourceCode says where data in an access report came from (GDPR Art.
// 15(1)(g)).
type SourceCode string

// Sources of a patient's data.
const (
	// SourcePatient: the patient, at registration and during care.
	SourcePatient SourceCode = "patient"
	// SourcePatientOrRepresentative: the patient or their representative,
	// as the vault records it.
	SourcePatientOrRepresentative SourceCode = "patient-or-representative"
	// SourceCorrections: the patient's rectifications and later updates.
	SourceCorrections SourceCode = "corrections"
	// SourceRepresentative: a representative deciding on consent; Source.Relation says who.
	SourceRepresentative SourceCode = "representative"
	// SourceImport: consent records imported from another system.
	SourceImport SourceCode = "import"
)

// SourceCodes lists every source code; the front ends' catalogue tests
// word each one.
func SourceCodes() []SourceCode {
	return []SourceCode{SourcePatient, SourcePatientOrRepresentative, SourceCorrections, SourceRepresentative, SourceImport}
}

// Source is one source of the patient's data as a code; Relation is the
// representative's relation (Representative.Relation) for SourceRepresentative.
type Source struct {
	Code     SourceCode `json:"code"`
	Relation string     `json:"relation,omitempty"`
}

// English is the source as the report's English text says it.
func (s Source) English() string {
	switch s.Code {
	case SourcePatientOrRepresentative:
		return "you (or your representative), at registration and during your care, as recorded by practice staff"
	case SourceCorrections:
		return "your corrections (rectification requests) and later updates by practice staff"
	case SourceRepresentative:
		return "your representative (" + s.Relation + "), for consent decisions made on your behalf"
	case SourceImport:
		return "another health care system, from which consent records were imported"
	}
	return "you, at registration and during your care, as recorded by practice staff"
}

// retentionTerm is the retention of record category rc whose trigger
// happened at at (zero: unknown).
func retentionTerm(rc RecordCategory, rules []RetentionRule, at time.Time) RetentionTerm {
	rule, ok := RuleFor(rules, rc)
	if !ok {
		return RetentionTerm{Category: rc, NoRule: true}
	}
	t := ruleTerm(rc, rule)
	if !at.IsZero() {
		t.Until = rule.KeepUntil(at)
	}
	return t
}

// consentRecordTerm is the retention of the record of the patient's
// consent: while it counts, or until the period after its end ran out.
func consentRecordTerm(rules []RetentionRule, end time.Time, active bool) RetentionTerm {
	rule, ok := RuleFor(rules, RecConsents)
	if !ok {
		return RetentionTerm{Category: RecConsents, ConsentRecord: true, NoRule: true}
	}
	t := ruleTerm(RecConsents, rule)
	t.ConsentRecord = true
	if active || end.IsZero() {
		t.WhileConsent = true
	} else {
		t.Until = rule.KeepUntil(end)
	}
	return t
}

func ruleTerm(rc RecordCategory, r RetentionRule) RetentionTerm {
	return RetentionTerm{Category: rc, RuleID: r.ID, Years: r.Years, Months: r.Months, Trigger: r.Trigger, LegalSource: r.LegalSource}
}

// English is the term as the report's English text says it.
func (t RetentionTerm) English() string {
	what := string(t.Category)
	if t.ConsentRecord {
		what = "record of your consent"
	}
	per := period(RetentionRule{Years: t.Years, Months: t.Months})
	switch {
	case t.NoRule:
		return what + ": no retention rule"
	case t.ConsentRecord && t.WhileConsent:
		return fmt.Sprintf("%s: while it counts, then %s (%s)", what, per, t.LegalSource)
	case t.ConsentRecord:
		return fmt.Sprintf("%s: until %s (%s)", what, t.Until.Format(time.DateOnly), t.LegalSource)
	case t.Until.IsZero():
		return fmt.Sprintf("%s: %s after %s (%s)", what, per, t.Trigger, t.LegalSource)
	}
	return fmt.Sprintf("%s: until %s at the earliest, %s after %s (%s)", what, t.Until.Format(time.DateOnly), per, t.Trigger, t.LegalSource)
}

// English is the recipient as the report's English text names it.
func (r RecipientRef) English() string {
	if r.Study != "" {
		return fmt.Sprintf("%s (research study: %s)", r.Name, r.Study)
	}
	if r.Category == "" {
		return r.Name
	}
	return fmt.Sprintf("%s (%s)", r.Name, r.Category)
}
