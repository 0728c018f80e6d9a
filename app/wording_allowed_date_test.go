package app

import (
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// A rule that names a date (the original due date of a request, by which
// the requester must be told of an extension) words it as a date in the
// reader's language, never as the ISO value; other values stay as they are.
func TestAllowedDatesReadAsDates(t *testing.T) {
	cat := i18n.MustLoad()
	due := time.Date(2026, 7, 14, 0, 0, 0, 0, time.UTC)
	for _, lang := range []string{"de", "en"} {
		loc := cat.Localizer(lang)
		got := AllowedWords(loc, "toldAt", []string{due.Format(time.DateOnly)}, true)
		if len(got) != 1 || got[0] != loc.Date(due) {
			t.Errorf("%s: %q, want %q", lang, got, loc.Date(due))
		}
		text := loc.FieldRule(string(consent.RuleToldByDueDate), "", got...)
		if !strings.Contains(text, loc.Date(due)) || strings.Contains(text, "2026-07-14") {
			t.Errorf("%s: %q", lang, text)
		}
	}
	if got := AllowedWords(cat.Localizer("de"), "months", []string{"2"}, true); got[0] != "2" {
		t.Errorf("a number was worded: %q", got)
	}
	if got := AllowedWords(cat.Localizer("de"), "when", []string{"2026-07-14", "soon"}, true); got[1] != "soon" || got[0] != "2026-07-14" {
		t.Errorf("a mixed list was worded as dates: %q", got)
	}
}
