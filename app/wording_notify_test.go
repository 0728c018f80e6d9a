package app

import (
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// An Art. 19 notice reads in the reader's language: categories by their
// labels, the count and date worded, no code or English left in German.
func TestNotificationTextInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	n := consent.Notification{Recipient: "research:s1", Name: "Universitäres Forschungsinstitut",
		Categories: []string{"demographics", "diagnoses", "lab-results"}, DisclosureIDs: []string{"d1"},
		LastDisclosed: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)}
	got := NotificationText(de, n)
	for _, want := range []string{"Universitäres Forschungsinstitut", "Demografische Angaben", "Diagnosen", "Laborbefunde", "1 Offenlegung", "05.12.2026"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	for _, bad := range []string{"lab-results", "disclosure", "2026-12-05"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q shows %q", got, bad)
		}
	}
	n.DisclosureIDs = append(n.DisclosureIDs, "d2")
	if got := NotificationText(de, n); !strings.Contains(got, "2 Offenlegungen") {
		t.Errorf("two disclosures: %q", got)
	}
}
