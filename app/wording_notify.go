package app

import (
	"strings"

	"custodia/consent"
	"custodia/i18n"
)

// NotificationText words one Art. 19 recipient to notify in the reader's
// language: who (a study's recipient by name, a purpose's recipient by
// its label), the disclosed categories by their labels, how many
// disclosures and the day of the last. It names no patient.
func NotificationText(loc *i18n.Localizer, n consent.Notification) string {
	who := n.Name
	if who == "" {
		who = loc.Label("recipient", n.Recipient, n.Recipient)
	}
	cats := make([]string, len(n.Categories))
	for i, c := range n.Categories {
		cats[i] = loc.Label("category", c, c)
	}
	return loc.N("sweep.notify.line", len(n.DisclosureIDs), "Who", who, "Categories", strings.Join(cats, ", "),
		"Date", loc.Date(n.LastDisclosed))
}
