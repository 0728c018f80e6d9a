package consent

import (
	"fmt"
	"slices"
)

// Control is a technical or organisational security measure (Art. 32)
// an installation may have. The vault reports the ones it has
// (vault.Session.Controls); the record of processing lists only those.
type Control string

// Controls Custodia can report.
const (
	CtrlEncryptedVault   Control = "encrypted-vault"
	CtrlRolePermissions  Control = "role-permissions"
	CtrlAuditTrail       Control = "audit-trail"
	CtrlIdleLock         Control = "idle-lock"
	CtrlSecondFactor     Control = "second-factor"
	CtrlVerifiedBackups  Control = "verified-backups"
	CtrlDeidentification Control = "deidentification"
)

// controlTexts describe each control for the ROPA, in the order printed.
var controlTexts = []struct {
	c    Control
	text string
}{
	{CtrlEncryptedVault, "encrypted vault: Argon2id key slots, per-patient data keys, AEAD field encryption"},
	{CtrlRolePermissions, "role-based permissions enforced below the user interface; every denial audited"},
	{CtrlAuditTrail, "append-only, hash-chained, keyed audit trail"},
	{CtrlIdleLock, "the desktop app locks itself when idle"},
	{CtrlSecondFactor, "second factor (TOTP) at sign-in"},
	{CtrlVerifiedBackups, "encrypted, verified backups"},
	{CtrlDeidentification, "pseudonymisation and anonymisation of research exports"},
}

// SecurityMeasures describes the controls present, in a fixed order;
// controls not in have are left out, whatever they are.
func SecurityMeasures(have []Control) []string {
	var out []string
	for _, ct := range controlTexts {
		if slices.Contains(have, ct.c) {
			out = append(out, ct.text)
		}
	}
	return out
}

// presentControls are the controls of have, in the order SecurityMeasures
// prints them.
func presentControls(have []Control) []Control {
	var out []Control
	for _, ct := range controlTexts {
		if slices.Contains(have, ct.c) {
			out = append(out, ct.c)
		}
	}
	return out
}

// Controls lists every control Custodia can report, in the order printed.
func Controls() []Control {
	out := make([]Control, len(controlTexts))
	for i, ct := range controlTexts {
		out[i] = ct.c
	}
	return out
}

// recordLabels name record categories for people.
var recordLabels = map[RecordCategory]string{
	RecIdentity: "identity data", RecContact: "contact data", RecClinical: "medical records", RecBilling: "billing records",
	RecConsents: "consent records", RecRequests: "data-subject requests", RecDisclosures: "disclosure log", RecAudit: "audit trail",
}

// Label names a record category for people ("medical records").
func (c RecordCategory) Label() string {
	if l, ok := recordLabels[c]; ok {
		return l
	}
	return string(c)
}

// Label says what a retention period counts from, for people.
func (t Trigger) Label() string {
	switch t {
	case TriggerLastTreatment:
		return "the last treatment"
	case TriggerCreated:
		return "the day the record was made"
	case TriggerClosed:
		return "the day it was closed or ended"
	case TriggerYearEnd:
		return "the end of the year"
	}
	return string(t)
}

// Activities Custodia itself carries out besides the catalogue's purposes.
const (
	ActivityStaff    = "staff-accounts"
	ActivityRequests = "request-handling"
	ActivityBreaches = "breach-handling"
	// ActivityStudy marks the row of a research study (AddStudies).
	ActivityStudy = "study"
)

// Activities lists Custodia's own activities, in the order of the record.
func Activities() []string { return []string{ActivityStaff, ActivityRequests, ActivityBreaches} }

// builtinActivities are the processing activities every practice using
// Custodia performs: staff accounts and the audit trail, handling
// data-subject requests, handling breaches.
func builtinActivities(rules []RetentionRule) []ROPARow {
	return []ROPARow{
		{PurposeID: ActivityStaff, Activity: ActivityStaff, Art6: "c", RetentionRules: []ROPARetention{retentionOf(rules, RecAudit)},
			Purpose:      "Staff accounts and audit trail",
			Basis:        "GDPR Art. 6(1)(c) with Art. 5(2) and 32 (accountability, security of processing); employment law of the member state",
			DataSubjects: []string{"practice staff"}, DataCategories: []string{"name and role", "sign-in credentials (stored as key slots)", "audit trail: who did what and when"},
			Retention: []string{"accounts: while the person works at the practice; disabled, not deleted, so the audit trail stays readable",
				retentionText(rules, RecAudit)}},
		{PurposeID: ActivityRequests, Activity: ActivityRequests, Art6: "c", RetentionRules: []ROPARetention{retentionOf(rules, RecRequests)},
			Purpose:      "Handling data-subject requests",
			Basis:        "GDPR Art. 6(1)(c) with Art. 12 to 22 (rights of the data subject)",
			DataSubjects: []string{"patients", "requesters acting for patients"},
			DataCategories: []string{"identity and contact of the requester", "content of the request", "how identity was checked",
				"decisions, extensions and their reasons"},
			Retention: []string{retentionText(rules, RecRequests)}},
		{PurposeID: ActivityBreaches, Activity: ActivityBreaches, Art6: "c",
			Purpose:      "Handling personal data breaches",
			Basis:        "GDPR Art. 6(1)(c) with Art. 33 and 34 (notification, documentation under Art. 33(5))",
			DataSubjects: []string{"patients affected by a breach", "practice staff"},
			DataCategories: []string{"description of the incident (no individual patients)", "categories and approximate numbers concerned",
				"decisions and their reasons", "the authority's case reference"},
			Recipients: []string{"the supervisory authority (public authority)"},
			Retention:  []string{"breach log: kept to show compliance with Art. 33(5); no automatic deletion"}},
	}
}

// retentionText is the ROPA line of a record category's rule.
func retentionText(rules []RetentionRule, c RecordCategory) string {
	rule, ok := RuleFor(rules, c)
	if !ok {
		return c.Label() + ": no retention rule"
	}
	return fmt.Sprintf("%s: %s after %s (%s)", c.Label(), period(rule), rule.Trigger.Label(), rule.LegalSource)
}
