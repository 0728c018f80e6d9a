package governance

import (
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

func TestBreachCountdown(t *testing.T) {
	loc := i18n.MustLoad().Localizer("en")
	now := time.Date(2026, 3, 16, 10, 0, 0, 0, time.Local)
	for _, c := range []struct {
		ago   time.Duration
		text  string
		clock consent.Clock
	}{
		{time.Hour, "71 h 00 min left", consent.ClockGreen},
		{48 * time.Hour, "24 h 00 min left", consent.ClockAmber},
		{70*time.Hour + 30*time.Minute, "1 h 30 min left", consent.ClockAmber},
		{73 * time.Hour, "late by 1 h 00 min", consent.ClockRed},
	} {
		b := consent.Breach{AwareAt: now.Add(-c.ago), Risk: consent.RiskRisk}
		if got := BreachCountdown(loc, b, now); !strings.Contains(got, c.text) || b.Clock(now) != c.clock {
			t.Errorf("aware %s ago: %q (%s), want %q (%s)", c.ago, got, b.Clock(now), c.text, c.clock)
		}
	}
	b := consent.Breach{AwareAt: now.Add(-80 * time.Hour), AuthorityNotifiedAt: now.Add(-10 * time.Hour)}
	if got := BreachCountdown(loc, b, now); !strings.HasPrefix(got, "notified") {
		t.Errorf("notified breach: %q", got)
	}
}
