package governance

import (
	"slices"
	"strings"
	"testing"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// storedRule is the rule with id as the store holds it.
func storedRule(t *testing.T, v *RetentionView, id string) consent.RetentionRule {
	t.Helper()
	rules, err := v.uc.RetentionRules()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rules, func(r consent.RetentionRule) bool { return r.ID == id })
	if i < 0 {
		t.Fatalf("no rule %s", id)
	}
	return rules[i]
}

// editRuleByID opens the form of the rule with id.
func editRuleByID(t *testing.T, v *RetentionView, id string) *RuleForm {
	t.Helper()
	row := slices.IndexFunc(v.RuleList(), func(r consent.RetentionRule) bool { return r.ID == id })
	if row < 0 {
		t.Fatalf("no rule %s", id)
	}
	v.EditRule(row)
	return v.RuleForm
}

// The rule form shows a shipped rule's legal source in the reader's
// language, as the table does; saved unchanged, the rule keeps the
// shipped text (still German in a German run); changed, the practice's
// text is stored and reads as typed in both languages (issue 10).
func TestRuleFormLegalSourceInTheReadersLanguage(t *testing.T) {
	v := retentionView(t, vault.RoleDPO, "de")
	shipped := storedRule(t, v, "clinical-10y")
	german := v.env.Loc.T(i18n.LegalSourceID(shipped.ID))
	form := editRuleByID(t, v, shipped.ID)
	if got := form.SourceText(); got != german || strings.Contains(got, "Civil Code") {
		t.Fatalf("form offers %q, want %q", got, german)
	}
	form.Submit()
	if p := form.Problem(); p != "" {
		t.Fatal(p)
	}
	kept := storedRule(t, v, shipped.ID)
	if kept.LegalSource != shipped.LegalSource || kept.Version != shipped.Version+1 {
		t.Errorf("saved unchanged: %+v, was %+v", kept, shipped)
	}
	if w := usecase.RetentionRuleWords(v.env.Loc, kept); w.Source != german {
		t.Errorf("table after saving unchanged: %q", w.Source)
	}

	own := german + "; Praxisvertrag § 4"
	form = editRuleByID(t, v, shipped.ID)
	form.source.SetText(own)
	form.Submit()
	if p := form.Problem(); p != "" {
		t.Fatal(p)
	}
	changed := storedRule(t, v, shipped.ID)
	if changed.LegalSource != own {
		t.Errorf("changed source stored as %q", changed.LegalSource)
	}
	for _, lang := range []string{"de", "en"} {
		loc := i18n.MustLoad().Localizer(lang)
		if got := usecase.RetentionRuleWords(loc, changed).Source; got != own {
			t.Errorf("%s: own source reads %q", lang, got)
		}
	}
	if got := editRuleByID(t, v, shipped.ID).SourceText(); got != own {
		t.Errorf("form offers the own text as %q", got)
	}
}
