package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"custodia/consent"
)

// jurisdiction is the practice's country and region from its details; the
// zero value (weekends only) when none are stored.
func (e consentEnv) jurisdiction() consent.Jurisdiction {
	c, err := e.s.Controller()
	if err != nil {
		return consent.Jurisdiction{}
	}
	return c.Jurisdiction()
}

// dueRuleText is the rule that decided a due date, "Sat 28 Feb → Mon 2 Mar
// (weekend)", or "—" when the counted day is a working day.
func dueRuleText(r consent.Request) string {
	if rule := r.Deadline().Rule(); rule != "" {
		return rule
	}
	return "—"
}

// dueFact is the Due line of the detail: the date, the original date when
// extended, and why the date moved.
func dueFact(r consent.Request) string {
	s := dateText(r.Due())
	if r.Extension != nil {
		s += " (original " + dateText(r.OriginalDue()) + ")"
	}
	if rule := r.Deadline().Rule(); rule != "" {
		s += " · moved to the next working day: " + rule
	}
	return s
}

// extensionFact describes a recorded extension and how the requester was told.
func extensionFact(x *consent.Extension) string {
	s := fmt.Sprintf("%d month(s) on %s: %s", x.Months, dateText(x.At), x.Reason)
	if x.ToldVia != "" {
		s += fmt.Sprintf(" · requester told by %s on %s", channelText(x.ToldVia), dateText(x.ToldAt))
	}
	return s
}

// channelText names a channel for people.
func channelText(c string) string {
	switch c {
	case consent.ChannelEmail:
		return "e-mail"
	case consent.ChannelDesk:
		return "at the front desk"
	case consent.ChannelPortal:
		return "the patient portal"
	}
	return c
}

// toldFields are the extension dialog's "requester told" inputs.
type toldFields struct {
	date *widget.Entry
	via  *widget.Select
}

func newToldFields(now time.Time) toldFields {
	t := toldFields{date: widget.NewEntry(), via: widget.NewSelect(channelChoices, nil)}
	t.date.SetText(now.Format(DateLayout))
	t.via.SetSelected(consent.ChannelLetter)
	return t
}

// notice reads the inputs: a date today is now, an earlier date its
// start; a field error names the field.
func (t toldFields) notice(months int, reason string, now time.Time) (consent.ExtensionNotice, error) {
	d, err := time.ParseInLocation(DateLayout, strings.TrimSpace(t.date.Text), time.Local)
	if err != nil {
		return consent.ExtensionNotice{}, &consent.ValidationError{Fields: []consent.FieldError{{Field: "requester told on", Message: "must be a date YYYY-MM-DD"}}}
	}
	if d.Format(DateLayout) == now.Format(DateLayout) {
		d = now
	}
	return consent.ExtensionNotice{Months: months, Reason: reason, ToldAt: d, ToldVia: t.via.Selected}, nil
}
