package requests

import (
	"time"

	"custodia/i18n"
	"custodia/ui/kit"

	"custodia/consent"
)

// deadlineRule is the rule that moved a due date, "Sat 28 Feb → Mon 2
// Mar (weekend)" in the user's language, or "" when the counted day is a
// working day.
func deadlineRule(loc *i18n.Localizer, r consent.Request) string {
	d := r.Deadline()
	return loc.DeadlineRule(d.Nominal, d.Due, d.Skipped)
}

// dueFact is the Due line of the detail: the date, the original date when
// extended, and why the date moved.
func dueFact(loc *i18n.Localizer, r consent.Request) string {
	s := kit.DateText(loc, r.Due())
	if r.Extension != nil {
		s += " " + loc.T("requests.due.original", "Date", kit.DateText(loc, r.OriginalDue()))
	}
	if rule := deadlineRule(loc, r); rule != "" {
		s += " · " + loc.T("requests.due.moved", "Rule", rule)
	}
	return s
}

// extensionFact describes a recorded extension and how the requester was told.
func extensionFact(loc *i18n.Localizer, x *consent.Extension) string {
	s := loc.N("requests.extension.fact", x.Months, "Date", kit.DateText(loc, x.At), "Reason", x.Reason)
	if x.ToldVia != "" {
		s += " · " + loc.T("requests.extension.told", "Channel", kit.ChannelLabel(loc, x.ToldVia), "Date", kit.DateText(loc, x.ToldAt))
	}
	return s
}

// toldFields are the extension dialog's "requester told" inputs.
type toldFields struct {
	date *kit.EscEntry
	via  *kit.CodeSelect
}

func newToldFields(loc *i18n.Localizer, now time.Time) toldFields {
	t := toldFields{date: newDateEntry(loc, now), via: kit.NewCodeSelect(channelChoices, func(c string) string { return kit.ChannelLabel(loc, c) }, nil)}
	t.via.SetSelected(consent.ChannelLetter)
	return t
}

// notice reads the inputs: a date today is now, an earlier date its
// start; a field error names the field.
func (t toldFields) notice(loc *i18n.Localizer, months int, reason string, now time.Time) (consent.ExtensionNotice, error) {
	d, ok := parseDay(loc, t.date.Text)
	if !ok {
		return consent.ExtensionNotice{}, &consent.ValidationError{Fields: []consent.FieldError{{Field: loc.T("requests.extend.toldon"), Message: loc.T("labels.fielderror.date")}}}
	}
	if local := now.In(time.Local); d.Year() == local.Year() && d.YearDay() == local.YearDay() {
		d = now
	}
	return consent.ExtensionNotice{Months: months, Reason: reason, ToldAt: d, ToldVia: t.via.Code()}, nil
}
