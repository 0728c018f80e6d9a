package app

import (
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// wordedInBoth fails unless every id exists in English and German and the
// German text is not the English one (a copy is not a translation).
func wordedInBoth(t *testing.T, kind string, ids map[string]string) {
	t.Helper()
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for code, id := range ids {
		for _, lang := range i18n.Languages() {
			if !cat.Has(lang, id) {
				t.Errorf("%s %q: no %s label (%s)", kind, code, lang, id)
			}
		}
		if cat.Has("en", id) && en.T(id) == de.T(id) {
			t.Errorf("%s %q: the German label is the English one (%q)", kind, code, en.T(id))
		}
	}
}

// Every action the vault can write to the audit trail (vault.AuditActions,
// which the vault's own test checks against its source) has a label.
func TestAuditActionLabels(t *testing.T) {
	ids := map[string]string{}
	for _, a := range vault.AuditActions() {
		ids[a] = i18n.AuditActionID(a)
	}
	wordedInBoth(t, "audit action", ids)
}

// Every reason a deadline can move for (the weekend and every public
// holiday Custodia knows) has a label.
func TestDeadlineReasonLabels(t *testing.T) {
	ids := map[string]string{}
	for _, r := range consent.DeadlineReasons() {
		ids[r] = i18n.DeadlineReasonID(r)
	}
	if len(ids) < 40 {
		t.Fatalf("only %d deadline reasons", len(ids))
	}
	wordedInBoth(t, "deadline reason", ids)
}

// Every point of Art. 6(1) and 9(2) a purpose may name, and every reason
// code of a consent decision, has a label.
func TestLawfulBasisAndDecisionLabels(t *testing.T) {
	ids := map[string]string{}
	for _, p := range consent.Art6Points() {
		ids["6(1)("+p+")"] = i18n.BasisID("art6", p)
	}
	for _, p := range consent.Art9Points() {
		ids["9(2)("+p+")"] = i18n.BasisID("art9", p)
	}
	for _, c := range consent.ReasonCodes() {
		ids[string(c)] = i18n.DecisionReasonID(string(c))
	}
	wordedInBoth(t, "lawful basis or decision reason", ids)
}

// Every validation rule the vault codes has a label.
func TestFieldRuleLabels(t *testing.T) {
	ids := map[string]string{}
	for _, r := range vault.FieldRules() {
		ids[string(r)] = i18n.FieldRuleID(string(r))
	}
	for _, r := range consent.FieldRules() {
		ids[string(r)] = i18n.FieldRuleID(string(r))
	}
	wordedInBoth(t, "field rule", ids)
}
