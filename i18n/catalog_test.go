package i18n

import (
	"strings"
	"testing"
	"time"
)

// Every language defines exactly the same message ids.
func TestLanguagesDefineTheSameIDs(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages() {
		for _, other := range Languages() {
			for _, id := range c.IDs(lang) {
				if !c.Has(other, id) {
					t.Errorf("%s defines %q, %s does not", lang, id, other)
				}
			}
		}
	}
}

func TestLocalizer(t *testing.T) {
	c := MustLoad()
	de, en := c.Localizer("de_DE.UTF-8"), c.Localizer("C")
	if de.Lang() != "de" || en.Lang() != "en" || c.Localizer("fr-FR").Lang() != "en" {
		t.Fatalf("match: de=%s en=%s", de.Lang(), en.Lang())
	}
	if got := de.T("common.cancel"); got != "Abbrechen" {
		t.Errorf("de cancel = %q", got)
	}
	if got := en.N("dashboard.requests.open", 1); got != "1 open request" {
		t.Errorf("en one = %q", got)
	}
	if got := de.N("dashboard.requests.open", 3); got != "3 offene Anträge" {
		t.Errorf("de other = %q", got)
	}
	if got := en.T("no.such.id"); got != "⟦no.such.id⟧" {
		t.Errorf("missing = %q", got)
	}
}

func TestFormats(t *testing.T) {
	c := MustLoad()
	de, en := c.Localizer("de"), c.Localizer("en")
	day := time.Date(2026, 12, 4, 14, 5, 0, 0, time.UTC)
	cases := []struct{ got, want string }{
		{en.Date(day), "4 Dec 2026"}, {de.Date(day), "04.12.2026"},
		{de.LongDate(day), "4. Dez. 2026"}, {en.DateTime(day), "4 Dec 2026 14:05"},
		{en.Int(1234567), "1,234,567"}, {de.Int(-1234), "-1.234"}, {en.Int(999), "999"},
		{en.Float(1234.5, 2), "1,234.50"}, {de.Float(0.2748, 4), "0,2748"}, {de.Float(-0.5, 1), "-0,5"},
		{de.Percent(0.05, 1), "5,0 %"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

func TestLabelFallsBack(t *testing.T) {
	c := MustLoad()
	de := c.Localizer("de")
	if !de.Has("common.cancel") || de.Has("no.such.id") {
		t.Fatal("Has")
	}
	if got := de.Label("language", "de", ""); got != de.T("labels.language.de") {
		t.Errorf("known code: %q", got)
	}
	if got := de.Label("recipient", "own-lab", "Our own lab"); got != "Our own lab" {
		t.Errorf("unknown code with a name: %q", got)
	}
	if got := de.Label("recipient", "own-lab", ""); got != "own-lab" {
		t.Errorf("unknown code: %q", got)
	}
}

// A stored name is translated only while it is the shipped English one.
func TestTranslateKeepsRenamedEntries(t *testing.T) {
	de := MustLoad().Localizer("de")
	shipped := MustLoad().Localizer("en").T("labels.purpose.marketing")
	if got := de.Translate("purpose", "marketing", shipped); got != de.T("labels.purpose.marketing") || got == shipped {
		t.Errorf("shipped name: %q", got)
	}
	if got := de.Translate("purpose", "marketing", "Our own newsletter"); got != "Our own newsletter" {
		t.Errorf("renamed: %q", got)
	}
	if got := de.Translate("purpose", "own:study", ""); got != "own:study" {
		t.Errorf("unknown code without a name: %q", got)
	}
}

// No message is empty: T shows an empty message as ⟦id⟧.
func TestNoEmptyMessages(t *testing.T) {
	c := MustLoad()
	for _, lang := range Languages() {
		l := c.Localizer(lang)
		for _, id := range c.IDs(lang) {
			if got := l.N(id, 2); strings.HasPrefix(got, "⟦") {
				t.Errorf("%s: %s is empty or does not render", lang, id)
			}
		}
	}
}
