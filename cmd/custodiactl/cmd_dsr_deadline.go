package main

import (
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// dueRule says which rule decided the due date: the roll-forward ("Sat 28
// Feb → Mon 2 Mar (weekend)", in the run's language), or "-" when the
// counted day is a working day.
func dueRule(loc *i18n.Localizer, r consent.Request) string {
	if rule := deadlineRule(loc, r); rule != "" {
		return rule
	}
	return "-"
}

// deadlineRule is the request's roll-forward in words, "" when the date
// did not move (JSON keeps consent's English Rule).
func deadlineRule(loc *i18n.Localizer, r consent.Request) string {
	d := r.Deadline()
	return loc.DeadlineRule(d.Nominal, d.Due, d.Skipped)
}

// parseTold reads --told-at: a date (YYYY-MM-DD, the practice's day) or
// RFC 3339; empty means now.
func parseTold(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return now, nil
	}
	if d, err := time.ParseInLocation(dateLayout, s, time.Local); err == nil {
		return d, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, usage("cli4.dsr.toldAt")
	}
	return t, nil
}

// extendNotice builds the domain's extension notice from the flags.
func extendNotice(months int, reason, toldAt, toldVia string, now time.Time) (consent.ExtensionNotice, error) {
	at, err := parseTold(toldAt, now)
	if err != nil {
		return consent.ExtensionNotice{}, err
	}
	return consent.ExtensionNotice{Months: months, Reason: reason, ToldAt: at, ToldVia: toldVia}, nil
}

// extensionText describes a recorded extension.
func extensionText(loc *i18n.Localizer, x *consent.Extension) string {
	s := loc.T("cli2.dsr.extension", "Months", x.Months, "Date", loc.Date(x.At), "Reason", x.Reason)
	if x.ToldVia != "" {
		s += loc.T("cli2.dsr.extensionTold", "Via", loc.Label("channel", x.ToldVia, ""), "Date", loc.Date(x.ToldAt))
	}
	return s
}
