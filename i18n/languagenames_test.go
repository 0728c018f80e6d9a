package i18n

import (
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// TestLanguageNamesInReadersLanguage: a consent text's language is named
// in the reader's language ("German" in English, "Deutsch" in German),
// as CLDR names it (x/text's display tables, an independent source),
// not in the language itself.
func TestLanguageNamesInReadersLanguage(t *testing.T) {
	b := MustLoad()
	for lang, namer := range map[string]display.Namer{"en": display.English.Languages(), "de": display.German.Languages()} {
		loc := b.Localizer(lang)
		for _, code := range []string{"en", "de", "fr", "it", "nl", "es"} {
			if got, want := loc.Label("language", code, ""), namer.Name(language.Make(code)); got != want {
				t.Errorf("%s: language %s named %q, want %q", lang, code, got, want)
			}
		}
	}
}
