package i18n

import (
	"strings"
	"testing"
	"time"
)

func TestDeadlineRule(t *testing.T) {
	c := MustLoad()
	en, de := c.Localizer("en"), c.Localizer("de")
	sat, mon := time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	if got := en.DeadlineRule(sat, mon, []string{"weekend"}); got != "from Sat 28 Feb to Mon 2 Mar (weekend)" {
		t.Errorf("en: %q", got)
	}
	if got := de.DeadlineRule(sat, mon, []string{"weekend"}); got != "von Sa., 28. Feb. auf Mo., 2. März (Wochenende)" {
		t.Errorf("de: %q", got)
	}
	fri, tue := time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 7, 0, 0, 0, 0, time.UTC)
	if got := de.DeadlineRule(fri, tue, []string{"Good Friday", "weekend", "Easter Monday"}); got != "von Fr., 3. Apr. auf Di., 7. Apr. (Karfreitag, Wochenende, Ostermontag)" {
		t.Errorf("de holidays: %q", got)
	}
	if got := de.DeadlineRule(sat, sat, nil); got != "" {
		t.Errorf("unmoved: %q", got)
	}
}

func TestLawfulBasisAndReasons(t *testing.T) {
	c := MustLoad()
	en, de := c.Localizer("en"), c.Localizer("de")
	if got := en.LawfulBasis("b", "h"); got != "GDPR Art. 6(1)(b) – contract with the patient, Art. 9(2)(h) – health care" {
		t.Errorf("en: %q", got)
	}
	if got := de.LawfulBasis("a", ""); got != "Art. 6 Abs. 1 lit. a DSGVO – Einwilligung" {
		t.Errorf("de: %q", got)
	}
	if got := de.DecisionReason("withdrawn"); got != "Einwilligung widerrufen" {
		t.Errorf("de reason: %q", got)
	}
	if got := de.DecisionReason("no-such-code"); got != "no-such-code" {
		t.Errorf("unknown code: %q", got)
	}
	if got := de.AuditAction("patient.create"); got != "Patientenakte angelegt" {
		t.Errorf("de audit: %q", got)
	}
}

func TestFieldRuleFallsBackToTheMessage(t *testing.T) {
	de := MustLoad().Localizer("de")
	if got := de.FieldRule("required", "is required"); got != "ist erforderlich" {
		t.Errorf("coded: %q", got)
	}
	if got := de.FieldRule("", "at most 200 characters"); got != "at most 200 characters" {
		t.Errorf("uncoded: %q", got)
	}
}

// A rule's values are worded where the catalogue has words for them: a
// JSON type problem names the kind of value, not JSON's English type name.
func TestRuleValuesAreWorded(t *testing.T) {
	c := MustLoad()
	for lang, want := range map[string]string{"de": "muss eine Zahl sein", "en": "must be a number"} {
		if got := c.Localizer(lang).FieldRule("json-type", "expected number", "number"); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := c.Localizer("de").FieldRule("one-of", "", "zz-unknown"); !strings.Contains(got, "zz-unknown") {
		t.Errorf("a value without words must stay as it is: %q", got)
	}
}
