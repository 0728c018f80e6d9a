package kit

import (
	"strings"
	"time"

	"custodia/i18n"
)

// exampleDay is the day the date hints and messages show as an example.
var exampleDay = time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)

// dateInputLayouts are the ways a person may type a day in the language
// of loc: as the lists show it (German 14.03.1985 or 14.3.1985, English
// 14 Mar 1985 or 14 March 1985) and always ISO (1985-03-14). Years have
// four digits; numeric day-month orders other than the language's are
// not guessed.
func dateInputLayouts(loc *i18n.Localizer) []string {
	if loc.Lang() == "de" {
		return []string{DateLayout, "2.1.2006"}
	}
	return []string{DateLayout, "2 Jan 2006", "2 January 2006"}
}

// DateInput is how a date field shows a day: the way the lists write it
// in the current language ("14.03.1985", "14 Mar 1985"); "" for none.
func DateInput(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return loc.Date(t)
}

// ParseDateInput reads a typed day (see dateInputLayouts) as midnight UTC.
func ParseDateInput(loc *i18n.Localizer, s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range dateInputLayouts(loc) {
		if d, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// DateFieldHint is the placeholder of a date field in the current language.
func DateFieldHint(loc *i18n.Localizer) string {
	return loc.T("patients.date.hint", "Example", loc.Date(exampleDay))
}

// ParseDateField reads a required date field: the day, or the id of what
// is wrong with it (MsgRequired, MsgRealDate), worded by FieldMessage.
func ParseDateField(loc *i18n.Localizer, s string) (time.Time, string) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, MsgRequired
	}
	d, ok := ParseDateInput(loc, s)
	if !ok {
		return time.Time{}, MsgRealDate
	}
	return d, ""
}

// DateTimeInput is how a date-and-time field shows a moment: local time,
// the day as the lists write it, then hours and minutes ("05.12.2026
// 14:30", "5 Dec 2026 14:30").
func DateTimeInput(loc *i18n.Localizer, t time.Time) string {
	return loc.DateTime(t.Local())
}

// ParseDateTimeInput reads a typed moment in local time: a day as
// ParseDateInput reads it, a space, then HH:MM.
func ParseDateTimeInput(loc *i18n.Localizer, s string) (time.Time, bool) {
	fields := strings.Fields(s)
	if len(fields) < 2 {
		return time.Time{}, false
	}
	day, ok := ParseDateInput(loc, strings.Join(fields[:len(fields)-1], " "))
	if !ok {
		return time.Time{}, false
	}
	hm, err := time.Parse("15:04", fields[len(fields)-1])
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), hm.Hour(), hm.Minute(), 0, 0, time.Local), true
}

// DateTimeExample is a moment written as DateTimeInput writes it, for
// hints and messages ("z. B. 14.03.1985 09:30").
func DateTimeExample(loc *i18n.Localizer) string {
	return loc.DateTime(exampleDay.Add(9*time.Hour + 30*time.Minute))
}
