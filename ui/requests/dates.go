package requests

import (
	"strings"
	"time"

	"custodia/i18n"
	"custodia/ui/kit"
)

// The request screens' date fields (received, requester told, last
// treatment) read and show a day as the patient screens do: in the
// user's language (14.03.2026, 14 Mar 2026) or as ISO 2026-03-14
// (kit.DateInput, kit.ParseDateInput).

// newDateEntry is a date field showing day (none when zero) with the
// language's hint as its placeholder.
func newDateEntry(loc *i18n.Localizer, day time.Time) *kit.EscEntry {
	e := kit.NewEscEntry()
	e.SetPlaceHolder(kit.DateFieldHint(loc))
	e.SetText(dayText(loc, day))
	return e
}

// dayText is how a date field shows the local day of t ("" when zero).
func dayText(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return kit.DateInput(loc, t.In(time.Local))
}

// parseDay reads a typed day as local midnight, as the workflow dates
// (receipt, notice, last treatment) are kept.
func parseDay(loc *i18n.Localizer, s string) (time.Time, bool) {
	d, ok := kit.ParseDateInput(loc, strings.TrimSpace(s))
	if !ok {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local), true
}
