package kit

import (
	"testing"
	"time"

	"custodia/i18n"
)

// TestDateTimeInputRoundTrips: a moment shown in a date-and-time field is
// read back as the same minute in both languages; ISO is read too, and a
// day without a time or a time that is no time is refused.
func TestDateTimeInputRoundTrips(t *testing.T) {
	at := time.Date(2026, 12, 5, 14, 30, 0, 0, time.Local)
	for _, lang := range []string{"de", "en"} {
		loc := i18n.MustLoad().Localizer(lang)
		shown := DateTimeInput(loc, at)
		if got, ok := ParseDateTimeInput(loc, shown); !ok || !got.Equal(at) {
			t.Errorf("%s: %q reads back as %v (%v)", lang, shown, got, ok)
		}
		if got, ok := ParseDateTimeInput(loc, "2026-12-05 14:30"); !ok || !got.Equal(at) {
			t.Errorf("%s: ISO reads as %v (%v)", lang, got, ok)
		}
		for _, bad := range []string{"05.12.2026", "2026-12-05 25:00", "gestern 14:30", ""} {
			if _, ok := ParseDateTimeInput(loc, bad); ok {
				t.Errorf("%s: %q accepted", lang, bad)
			}
		}
	}
	if got := DateTimeInput(i18n.MustLoad().Localizer("de"), at); got != "05.12.2026 14:30" {
		t.Errorf("German shows %q, want 05.12.2026 14:30", got)
	}
}
