package app

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"custodia/i18n"
	"custodia/vault"
)

// TestRoleLabelsOneForm: every role has one short label per language, read
// by one lookup (RoleLabel is i18n's Localizer.Role, the catalogue's
// labels.role.<code>). German labels share one form, a single noun for
// the role's function ("Empfang", "Datenschutz"), with no gender pairs
// ("Ärztin / Arzt", "Datenschutzbeauftragte/r") that do not fit a dropdown
// or read differently from role to role; no label repeats another.
func TestRoleLabelsOneForm(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		seen := map[string]vault.Role{}
		for _, r := range vault.Roles() {
			l := RoleLabel(loc, string(r))
			if l != loc.Role(string(r)) || l != loc.T("labels.role."+string(r)) {
				t.Errorf("%s %s: RoleLabel %q, Localizer.Role %q, catalogue %q", lang, r, l, loc.Role(string(r)), loc.T("labels.role."+string(r)))
			}
			if l == string(r) || utf8.RuneCountInString(l) > 24 || strings.ContainsAny(l, "/()*:_·") {
				t.Errorf("%s %s: label %q is the code, too long for a dropdown or a gendered pair", lang, r, l)
			}
			if o, dup := seen[l]; dup {
				t.Errorf("%s: %s and %s are both %q", lang, o, r, l)
			}
			seen[l] = r
			first, _ := utf8.DecodeRuneInString(l)
			if lang == "de" && (strings.ContainsRune(l, ' ') || !unicode.IsUpper(first) || utf8.RuneCountInString(l) > 16) {
				t.Errorf("de %s: %q is not one short noun like the other roles", r, l)
			}
		}
	}
	if got := RoleLabel(cat.Localizer("de"), "auditor"); got != "auditor" {
		t.Errorf("an unknown role reads %q, want its code", got)
	}
}
