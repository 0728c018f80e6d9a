package consent

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
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

// nominalDue is the end of the Art. 12(3) month before Regulation 1182/71
// Art. 3(4) moves it: the same day number of the next month, clamped to
// that month's last day (received 31 January → 28 or 29 February). HIPAA
// access: 30 days (45 CFR 164.524(b)(2)); HIPAA amendment: 60 days
// (164.526(b)(2)).
func nominalDue(t RequestType, received time.Time) time.Time {
	d := dateOf(received)
	switch t {
	case ReqHIPAAAccess:
		return d.AddDate(0, 0, 30)
	case ReqHIPAAAmendment:
		return d.AddDate(0, 0, 60)
	}
	return AddMonthsClamped(d, 1)
}

// OriginalDue is the last day to answer the request before any extension,
// as a date (midnight) in the location of ReceivedAt. A GDPR period that
// ends on a Saturday, Sunday or public holiday of the request's
// jurisdiction ends on the next working day (Regulation 1182/71 Art. 3(4),
// applied to Art. 12(3) by the EDPB): received 31 January 2026 → Saturday
// 28 February → Monday 2 March. HIPAA periods are calendar days and do not
// move.
func (r Request) OriginalDue() time.Time { return r.originalDeadline().Due }

func (r Request) originalDeadline() Deadline {
	n := nominalDue(r.Type, r.ReceivedAt)
	if r.Type.HIPAA() {
		return Deadline{Nominal: n, Due: n}
	}
	return ParseJurisdiction(r.Jurisdiction).RollForward(n)
}

// Deadline is a due date with the rule that decided it.
type Deadline struct {
	Nominal time.Time // where the period ends by counting alone
	Due     time.Time // the last lawful day
	// Skipped names why each day between Nominal and Due is not a working
	// day ("weekend", "Good Friday"), without repeats: codes from
	// DeadlineReasons, worded for people through custodia/i18n.
	Skipped []string
}

// Moved reports whether the roll-forward changed the date.
func (d Deadline) Moved() bool { return !d.Nominal.Equal(d.Due) }

// Rule is the roll-forward in English codes, "Sat 28 Feb → Mon 2 Mar
// (weekend)", or "" when the date did not move: for machine output and
// logs. People read it through i18n's Localizer.DeadlineRule.
func (d Deadline) Rule() string {
	if !d.Moved() {
		return ""
	}
	return fmt.Sprintf("%s → %s (%s)", d.Nominal.Format("Mon 2 Jan"), d.Due.Format("Mon 2 Jan"), strings.Join(d.Skipped, ", "))
}

// Deadline is the current deadline with its rule. An extension (Art.
// 12(3)) adds its months to the original end, counted from the last lawful
// day of the first period, and is itself moved to a working day: received
// 31 January 2026, extended by two months → from Monday 2 March to
// Saturday 2 May → Monday 4 May. HIPAA adds 30 calendar days once.
func (r Request) Deadline() Deadline {
	orig := r.originalDeadline()
	switch {
	case r.Extension == nil:
		return orig
	case r.Type.HIPAA():
		d := orig.Due.AddDate(0, 0, 30)
		return Deadline{Nominal: d, Due: d}
	}
	return ParseJurisdiction(r.Jurisdiction).RollForward(AddMonthsClamped(orig.Due, r.Extension.Months))
}

// Due is the current due date, including an extension (see Deadline).
func (r Request) Due() time.Time { return r.Deadline().Due }

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

// ExtensionNotice is what the DPO records to extend a deadline: by how
// many months, why, and when and how the requester was told (Art. 12(3):
// the data subject is informed of the extension, with the reasons for the
// delay, within the first period).
type ExtensionNotice struct {
	Months  int
	Reason  string    // told to the requester; no personal data
	ToldAt  time.Time // when the requester was told
	ToldVia string    // one of the request channels (letter, email, desk, phone, portal)
}

// Extend extends a request's deadline once. GDPR (Art. 12(3)): by 1 or 2
// further months, with a reason told to the requester, decided and told
// on or before the last lawful day of the first period. HIPAA: once by 30
// days (months = 1) with a written reason, within the original time limit.
// Only the DPO or an administrator extends. ErrPermission, ErrTransition
// (closed, already extended, too late), *ValidationError for the notice.
func Extend(r Request, x ExtensionNotice, a Actor, at time.Time) (Request, Transition, error) {
	if err := a.need(PermDecide); err != nil {
		return r, Transition{}, err
	}
	if !r.Open() {
		return r, Transition{}, stepError(StepClosed, r.State, "", "request %s is %s", r.ID, r.State)
	}
	if r.Extension != nil {
		return r, Transition{}, stepError(StepAlreadyExtended, "", "", "request %s: already extended once", r.ID)
	}
	orig := r.OriginalDue()
	if dateOf(at.In(orig.Location())).After(orig) {
		err := stepError(StepExtensionLate, r.State, "", "request %s: extension must be decided by the original due date %s",
			r.ID, orig.Format(time.DateOnly))
		err.(*StepError).Date = orig
		return r, Transition{}, err
	}
	if err := checkNotice(r, x, orig, at); err != nil {
		return r, Transition{}, err
	}
	r.Extension = &Extension{Months: x.Months, Reason: x.Reason, By: a.UserID, At: at, ToldAt: x.ToldAt, ToldVia: x.ToldVia}
	t := Transition{RequestID: r.ID, Action: "extend", From: r.State, To: r.State, By: a.UserID, Role: a.Role, At: at,
		Detail: fmt.Sprintf("due %s, requester told via %s", r.Due().Format(time.DateOnly), x.ToldVia)}
	return r, t, nil
}

func checkNotice(r Request, x ExtensionNotice, orig, at time.Time) error {
	var f fields
	maxMonths := 2
	if r.Type.HIPAA() {
		maxMonths = 1
	}
	if x.Months < 1 || x.Months > maxMonths {
		f.ruleValues("months", RuleExtensionMonths, strconv.Itoa(maxMonths))
	}
	if strings.TrimSpace(x.Reason) == "" {
		f.rule("reason", RuleExtensionReason)
	}
	switch told := dateOf(x.ToldAt.In(orig.Location())); {
	case x.ToldAt.IsZero():
		f.rule("toldAt", RuleToldRequired)
	case x.ToldAt.After(at):
		f.rule("toldAt", RuleToldAfterExtension)
	case told.After(orig):
		f.ruleValues("toldAt", RuleToldByDueDate, orig.Format(time.DateOnly))
	case x.ToldAt.Before(r.ReceivedAt):
		f.rule("toldAt", RuleBeforeReceived)
	}
	if !slices.Contains(channels, x.ToldVia) {
		f.ruleAllowed("toldVia", channels)
	}
	return f.err()
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

// WithJurisdiction gives requests recorded without a jurisdiction (before
// the practice's country was known) the practice's one, so their deadlines
// count its public holidays. Requests with a jurisdiction keep theirs.
func WithJurisdiction(reqs []Request, j Jurisdiction) []Request {
	code := j.String()
	if code == "" {
		return reqs
	}
	for i := range reqs {
		if reqs[i].Jurisdiction == "" {
			reqs[i].Jurisdiction = code
		}
	}
	return reqs
}
