package app

import (
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// Editing a shipped rule: the offered source is the reader's language;
// left as offered (in either language, spaces around it aside) the rule
// keeps the shipped English text, so it stays translated; a changed text
// is stored as typed and reads as typed in both languages (issue 10).
func TestEditedLegalSourceKeepsTheShippedText(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	schedules, err := ShippedSchedules()
	if err != nil {
		t.Fatal(err)
	}
	for country, rules := range schedules {
		for _, r := range rules {
			offered := EditableLegalSource(de, r)
			if offered != de.T(i18n.LegalSourceID(r.ID)) || offered == r.LegalSource {
				t.Fatalf("%s %s: German form offers %q", country, r.ID, offered)
			}
			for _, c := range []struct {
				loc   *i18n.Localizer
				typed string
			}{{de, offered}, {de, "  " + offered + "\n"}, {en, EditableLegalSource(en, r)}} {
				if got := EditedLegalSource(c.loc, r, c.typed); got != r.LegalSource {
					t.Errorf("%s %s: unchanged %q stores %q", country, r.ID, c.typed, got)
				}
			}
			own := offered + " und Praxisvertrag § 4"
			stored := r
			stored.LegalSource = EditedLegalSource(de, r, " "+own+" ")
			if stored.LegalSource != own {
				t.Errorf("%s %s: changed text stored as %q", country, r.ID, stored.LegalSource)
			}
			for _, loc := range []*i18n.Localizer{de, en} {
				if got := RetentionRuleWords(loc, stored).Source; got != own {
					t.Errorf("%s %s: own text reads %q", country, r.ID, got)
				}
				if got := EditableLegalSource(loc, stored); got != own {
					t.Errorf("%s %s: own text offered as %q", country, r.ID, got)
				}
			}
		}
	}
	mine := consent.RetentionRule{ID: "own-billing", LegalSource: "Praxisvertrag § 4"}
	if got := EditedLegalSource(de, mine, "Praxisvertrag § 4"); got != mine.LegalSource {
		t.Errorf("own rule unchanged: %q", got)
	}
}
