package app

import (
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// KeptBasisText words the domain's Art. 17(3) basis in the reader's
// language and leaves a practice's own basis as written.
func TestKeptBasisText(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		stored := consent.RetentionRule{Exception: "e"}.ExceptionText()
		if got, want := KeptBasisText(loc, stored), loc.T("retentiontext.art173", "Point", "e"); got != want {
			t.Errorf("%s: %q gives %q, want %q", lang, stored, got, want)
		}
		if got := KeptBasisText(loc, "Vertrag mit der Kasse"); got != "Vertrag mit der Kasse" {
			t.Errorf("%s: own basis became %q", lang, got)
		}
	}
	if got := KeptBasisText(cat.Localizer("de"), "GDPR Art. 17(3)(b)"); got != "DSGVO Art. 17 Abs. 3 lit. b" {
		t.Errorf("German basis %q", got)
	}
}
