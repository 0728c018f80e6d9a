package consent

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// AmberDays: a request's clock is amber when this many calendar days or
// fewer remain before the due date (the due day itself counts as 0 days
// left), red once the due date has passed, green otherwise.
const AmberDays = 7

// Clock is the red/amber/green state of a request's deadline.
type Clock string

// Clock states.
const (
	ClockGreen  Clock = "green"
	ClockAmber  Clock = "amber"
	ClockRed    Clock = "red"
	ClockClosed Clock = "closed"
)

// dateOf returns the calendar date of t in its own location, at midnight.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// daysBetween counts calendar days from a to b (dates), immune to DST.
func daysBetween(a, b time.Time) int {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

// OriginalDue is the last day to answer a request, before any extension,
// as a date (midnight) in the location of received.
//
// GDPR (Art. 12(3), periods per Regulation 1182/71): one calendar month
// after receipt, the same day number of the next month, clamped to that
// month's last day (received 31 January → due 28 or 29 February; received
// 31 December → due 31 January). HIPAA access: 30 days (45 CFR
// 164.524(b)(2)); HIPAA amendment: 60 days (164.526(b)(2)).
func OriginalDue(t RequestType, received time.Time) time.Time {
	d := dateOf(received)
	switch t {
	case ReqHIPAAAccess:
		return d.AddDate(0, 0, 30)
	case ReqHIPAAAmendment:
		return d.AddDate(0, 0, 60)
	}
	return AddMonthsClamped(d, 1)
}

// Due is the current due date, including an extension: GDPR counts the
// extended period from receipt (receipt + 1 + Months calendar months,
// clamped: received 31 January, extended by two months → due 30 April);
// HIPAA adds 30 days once.
func (r Request) Due() time.Time {
	if r.Extension == nil {
		return OriginalDue(r.Type, r.ReceivedAt)
	}
	if r.Type.HIPAA() {
		return OriginalDue(r.Type, r.ReceivedAt).AddDate(0, 0, 30)
	}
	return AddMonthsClamped(dateOf(r.ReceivedAt), 1+r.Extension.Months)
}

// DaysLeft counts calendar days from now's date (in the request's location)
// to the due date: 0 on the due day, negative when overdue.
func (r Request) DaysLeft(now time.Time) int {
	return daysBetween(dateOf(now.In(r.ReceivedAt.Location())), r.Due())
}

// Clock returns the request's deadline state at now.
func (r Request) Clock(now time.Time) Clock {
	if !r.Open() {
		return ClockClosed
	}
	switch left := r.DaysLeft(now); {
	case left < 0:
		return ClockRed
	case left <= AmberDays:
		return ClockAmber
	}
	return ClockGreen
}

// Overdue lists open requests past their due date at now, most overdue first.
func Overdue(reqs []Request, now time.Time) []Request {
	var out []Request
	for _, r := range reqs {
		if r.Clock(now) == ClockRed {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Request) int { return cmp.Or(a.Due().Compare(b.Due()), cmp.Compare(a.ID, b.ID)) })
	return out
}

// Extend extends a request's deadline once. GDPR (Art. 12(3)): by 1 or 2
// further months, with a reason, decided on or before the original due
// date. HIPAA: once by 30 days (pass months = 1) with a written reason,
// within the original time limit. Only the DPO or an administrator extends.
func Extend(r Request, months int, reason string, a Actor, at time.Time) (Request, Transition, error) {
	if err := a.need(PermDecide); err != nil {
		return r, Transition{}, err
	}
	if !r.Open() {
		return r, Transition{}, fmt.Errorf("request %s is %s: %w", r.ID, r.State, ErrTransition)
	}
	if r.Extension != nil {
		return r, Transition{}, fmt.Errorf("request %s: already extended once: %w", r.ID, ErrTransition)
	}
	orig := OriginalDue(r.Type, r.ReceivedAt)
	if dateOf(at.In(orig.Location())).After(orig) {
		return r, Transition{}, fmt.Errorf("request %s: extension must be decided by the original due date %s: %w",
			r.ID, orig.Format(time.DateOnly), ErrTransition)
	}
	var f fields
	maxMonths := 2
	if r.Type.HIPAA() {
		maxMonths = 1
	}
	if months < 1 || months > maxMonths {
		f.add("months", "must be between 1 and %d", maxMonths)
	}
	if strings.TrimSpace(reason) == "" {
		f.add("reason", "an extension records its reason")
	}
	if err := f.err(); err != nil {
		return r, Transition{}, err
	}
	r.Extension = &Extension{Months: months, Reason: reason, By: a.UserID, At: at}
	t := Transition{RequestID: r.ID, Action: "extend", From: r.State, To: r.State, By: a.UserID, Role: a.Role, At: at,
		Detail: fmt.Sprintf("due %s", r.Due().Format(time.DateOnly))}
	return r, t, nil
}

// LegalGround is a reason a request may be denied.
type LegalGround struct {
	Code    string
	Text    string
	Applies []RequestType // nil: every type
}

func (g LegalGround) applies(t RequestType) bool {
	return g.Applies == nil || slices.Contains(g.Applies, t)
}

// FindLegalGround returns the ground with the given code.
func FindLegalGround(code string) (LegalGround, bool) {
	for _, g := range LegalGrounds() {
		if g.Code == code {
			return g, true
		}
	}
	return LegalGround{}, false
}

// LegalGrounds lists the grounds a denial can cite.
func LegalGrounds() []LegalGround {
	gdpr := []RequestType{ReqAccess, ReqRectification, ReqErasure, ReqRestriction, ReqPortability, ReqObjection, ReqConsentWithdrawal}
	return []LegalGround{
		{"gdpr-12-5-unfounded", "GDPR Art. 12(5): manifestly unfounded request", gdpr},
		{"gdpr-12-5-excessive", "GDPR Art. 12(5): excessive, in particular repetitive, request", gdpr},
		{"gdpr-12-6-identity", "GDPR Art. 11(2), 12(6): identity of the requester could not be established", nil},
		{"gdpr-15-4-rights-of-others", "GDPR Art. 15(4): would adversely affect the rights of others", []RequestType{ReqAccess, ReqPortability}},
		{"gdpr-16-accurate", "GDPR Art. 16: the data are accurate and complete", []RequestType{ReqRectification}},
		{"gdpr-17-3-b-legal-obligation", "GDPR Art. 17(3)(b): retention required by law (medical records)", []RequestType{ReqErasure}},
		{"gdpr-17-3-c-public-health", "GDPR Art. 17(3)(c): public interest in public health", []RequestType{ReqErasure}},
		{"gdpr-17-3-d-research", "GDPR Art. 17(3)(d): archiving or research would be seriously impaired", []RequestType{ReqErasure}},
		{"gdpr-17-3-e-legal-claims", "GDPR Art. 17(3)(e): establishment, exercise or defence of legal claims", []RequestType{ReqErasure}},
		{"gdpr-18-1-not-met", "GDPR Art. 18(1): none of the conditions for restriction applies", []RequestType{ReqRestriction}},
		{"gdpr-20-1-not-applicable", "GDPR Art. 20(1): processing not based on consent or contract by automated means", []RequestType{ReqPortability}},
		{"gdpr-21-1-compelling-grounds", "GDPR Art. 21(1): compelling legitimate grounds override", []RequestType{ReqObjection}},
		{"gdpr-21-not-applicable", "GDPR Art. 21: processing not based on Art. 6(1)(e) or (f), nor direct marketing or research", []RequestType{ReqObjection}},
		{"hipaa-164-524-a-1-excluded", "45 CFR 164.524(a)(1): psychotherapy notes or litigation information", []RequestType{ReqHIPAAAccess}},
		{"hipaa-164-524-a-3-harm", "45 CFR 164.524(a)(3): reviewable ground, endangerment", []RequestType{ReqHIPAAAccess}},
		{"hipaa-164-526-a-2-accurate", "45 CFR 164.526(a)(2)(iv): the record is accurate and complete", []RequestType{ReqHIPAAAmendment}},
		{"hipaa-164-526-a-2-not-created", "45 CFR 164.526(a)(2)(i): the record was not created by the practice", []RequestType{ReqHIPAAAmendment}},
	}
}
