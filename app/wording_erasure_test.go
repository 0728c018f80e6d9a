package app

import (
	"testing"

	"custodia/i18n"
)

// TestLegalSourceTextEveryShippedRule: for every shipped rule of every
// country, the stored English source reads as the catalogue's German one,
// found by the rule id (a plan item) or by the text alone (a certificate
// item names no rule); a practice's own or edited text stays as written.
func TestLegalSourceTextEveryShippedRule(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	schedules, err := ShippedSchedules()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for country, rules := range schedules {
		for _, r := range rules {
			want := de.T(i18n.LegalSourceID(r.ID))
			if want == r.LegalSource || en.T(i18n.LegalSourceID(r.ID)) != r.LegalSource {
				t.Fatalf("%s %s: catalogue German %q, English %q, stored %q", country, r.ID, want, en.T(i18n.LegalSourceID(r.ID)), r.LegalSource)
			}
			for _, id := range []string{r.ID, ""} {
				if got := LegalSourceText(de, id, r.LegalSource); got != want {
					t.Errorf("%s rule %q: %q, want %q", country, id, got, want)
				}
				if got := LegalSourceText(en, id, r.LegalSource); got != r.LegalSource {
					t.Errorf("%s rule %q in English: %q", country, id, got)
				}
				if got := RetentionRuleWords(de, r).Source; got != want {
					t.Errorf("%s %s: retention wording %q, want %q", country, r.ID, got, want)
				}
			}
			edited := r.LegalSource + " (Praxis: Vertrag mit der KV)"
			if got := LegalSourceText(de, r.ID, edited); got != edited {
				t.Errorf("%s %s: an edited source reads %q", country, r.ID, got)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no shipped rule")
	}
	for _, own := range []string{"", "Praxisordnung § 3"} {
		if got := LegalSourceText(de, "", own); got != own {
			t.Errorf("own source %q reads %q", own, got)
		}
	}
}
