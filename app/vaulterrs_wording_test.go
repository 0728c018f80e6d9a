package app

import (
	"regexp"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// A refused request step or erasure plan names the request's state, the
// request types a step accepts and a record category by their labels in
// the reader's language, and the field as a label ("Antrag"), never as
// codes or ids. The errors are built as the vault builds them (its tests
// check the rule and the Allowed codes it sets).
func TestVaultRefusalsNameLabels(t *testing.T) {
	cat := i18n.MustLoad()
	id := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`)
	for _, c := range []struct {
		field   string
		rule    vault.FieldRule
		allowed []string
		kind    string // the label kind of the allowed codes
	}{
		{"requestID", vault.RuleRequestInProgress, []string{string(consent.StateCompleted)}, "state"},
		{"plan.requestId", vault.RuleRequestInProgress, []string{string(consent.StateWithdrawn)}, "state"},
		{"requestID", vault.RuleAccessRequestState, []string{string(consent.StateReceived)}, "state"},
		{"requestID", vault.RuleRequestOfPatient, []string{string(consent.ReqAccess), string(consent.ReqPortability)}, "request"},
		{"plan.items", vault.RulePlanUncovered, []string{string(consent.RecClinical)}, "record"},
	} {
		err := &vault.ValidationError{Fields: []vault.FieldError{{Field: c.field, Rule: c.rule, Allowed: c.allowed,
			Message: "request 0b7e2a8e-3333-4c3d-9e0f-000000000003 of patient 0b7e2a8e-1111-4c3d-9e0f-000000000001"}}}
		for _, lang := range []string{"de", "en"} {
			loc := cat.Localizer(lang)
			ps, ok := FieldProblems(loc, err)
			if !ok || len(ps) != 1 {
				t.Fatalf("%s: %v", c.rule, ps)
			}
			p := ps[0]
			if p.Label == c.field || strings.Contains(p.Label, "(") {
				t.Errorf("%s %s: the field reads %q", lang, c.rule, p.Label)
			}
			for _, code := range c.allowed {
				label := loc.T("labels." + c.kind + "." + code)
				if !strings.Contains(p.Problem, label) || strings.Contains(strings.ReplaceAll(p.Problem, label, ""), code) {
					t.Errorf("%s %s: %q, want %q for %s", lang, c.rule, p.Problem, label, code)
				}
			}
			if id.MatchString(p.String()) || p.Problem == err.Fields[0].Message {
				t.Errorf("%s %s: %q", lang, c.rule, p)
			}
		}
	}
}

// Every rule the vault codes reads differently in German and English: the
// German catalogue is not a copy of the English one.
func TestVaultRulesWordedInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for _, r := range vault.FieldRules() {
		if id := i18n.FieldRuleID(string(r)); en.T(id, "Allowed", "X") == de.T(id, "Allowed", "X") {
			t.Errorf("rule %q: German is the English text", r)
		}
	}
}
