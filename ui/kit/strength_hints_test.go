package kit

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// TestPassphraseHintsSpeakTheUsersLanguage: the hints under the strength
// meter say in English what the vault's policy says, and in German none
// of the English wording is left.
func TestPassphraseHintsSpeakTheUsersLanguage(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	c := NewPassphraseChecker("anna.admin")
	codes := 0
	for _, p := range []string{"", "abc", "password", "anna.admin", "aaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrst",
		"xsw2cde3vfr4", "01.02.1990 12.03.1985", "Tr0ub4dor&3", "Tulip-Harbour-Violin-42"} {
		s := c.Rate(p)
		codes += len(s.HintCodes)
		english, german := s.HintText(en), s.HintText(de)
		if (len(s.Hints) == 0) != (english == "") || (english == "") != (german == "") {
			t.Errorf("%q: hints %q, English %q, German %q", p, s.Hints, english, german)
		}
		for _, h := range s.Hints {
			if !strings.Contains(strings.ToLower(english), strings.ToLower(h)) {
				t.Errorf("%q: English text %q lacks the vault's hint %q", p, english, h)
			}
			if strings.Contains(strings.ToLower(german), strings.ToLower(h)) {
				t.Errorf("%q: German text %q has the English hint %q", p, german, h)
			}
		}
		if strings.Contains(german, "users.passhint") || strings.Contains(english, "users.passhint") {
			t.Errorf("%q: a hint without words: %q / %q", p, english, german)
		}
	}
	if codes == 0 {
		t.Fatal("no hints given at all")
	}
}
