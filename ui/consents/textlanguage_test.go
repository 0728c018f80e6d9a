package consents

import (
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault"
)

// TestTextColumnNamesLanguageInReadersLanguage: the states table's text
// column names the consent text's language in the reader's language
// ("German v1" in English, "Deutsch v1" in German), never in its own.
func TestTextColumnNamesLanguageInReadersLanguage(t *testing.T) {
	for lang, want := range map[string]string{"en": "German", "de": "Deutsch"} {
		f := newFixture(t, vault.RoleAdmin)
		f.grantEvery(t) // texts in German
		f.env.Loc = i18n.MustLoad().Localizer(lang)
		p := f.panel(t)
		shown := 0
		for i, r := range p.Rows() {
			if r.Grant.TextVersion == 0 {
				continue
			}
			shown++
			if got := p.states.Cell(i, 5); !strings.HasPrefix(got, want+" ") {
				t.Errorf("%s, %s: text cell %q, want the language named %q", lang, r.Purpose.ID, got, want)
			}
		}
		if shown == 0 {
			t.Fatalf("%s: no row shows a consent text", lang)
		}
	}
}
