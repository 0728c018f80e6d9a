package kit

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// The passphrase meter's hints read in the user's language: German hints
// hold none of the English ones and name the minimum length.
func TestStrengthHintsInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	s := NewPassphraseChecker().Rate("aaaa")
	german, english := s.HintText(de), s.HintText(en)
	if german == "" || !strings.Contains(german, "12 Zeichen") {
		t.Fatalf("German hints %q", german)
	}
	for _, h := range s.Hints {
		if strings.Contains(german, h) {
			t.Errorf("German hints %q hold the English %q", german, h)
		}
	}
	if english != hintText(s.Hints) {
		t.Errorf("English hints %q, vault says %q", english, hintText(s.Hints))
	}
	if got := NewPassphraseChecker().Rate("Tulip-Harbour-Violin-42").HintText(de); got != "" {
		t.Errorf("hints for a good passphrase: %q", got)
	}
}
