package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
)

// Dsr is the "custodiactl dsr" group (data-subject requests).
func dsrCommand() *command {
	return newGroup("dsr", "cli3.cmd.dsr",
		dsrOpen(), dsrList(), dsrShow(), dsrVerify(), dsrExtend(), dsrComplete(), dsrPackage(), dsrDeny(), dsrOverdue())
}

// requestTypes maps what the command line accepts to request types.
var requestTypeNames = map[string]consent.RequestType{
	"access": consent.ReqAccess, "rectification": consent.ReqRectification, "erasure": consent.ReqErasure,
	"restriction": consent.ReqRestriction, "portability": consent.ReqPortability, "objection": consent.ReqObjection,
	"withdrawal": consent.ReqConsentWithdrawal, "consent-withdrawal": consent.ReqConsentWithdrawal,
	"hipaa-access": consent.ReqHIPAAAccess, "hipaa-amendment": consent.ReqHIPAAAmendment,
}

// relationNames maps the short relations of the command line to the domain's.
var relationNames = map[string]string{
	"self": consent.RelSelf, "parent": consent.RelParent, "guardian": consent.RelLegalGuardian,
	"lawyer": consent.RelLegalRepresentative, "other": consent.RelAuthorisedAgent,
	consent.RelLegalGuardian: consent.RelLegalGuardian, consent.RelHealthcareProxy: consent.RelHealthcareProxy,
	consent.RelCourtAppointed: consent.RelCourtAppointed, consent.RelLegalRepresentative: consent.RelLegalRepresentative,
	consent.RelAuthorisedAgent: consent.RelAuthorisedAgent,
}

// typeNames are the request types to type, in the order the usage error
// offers them (requestTypeNames also knows "consent-withdrawal").
var typeNames = []string{"access", "rectification", "erasure", "restriction", "portability", "objection", "withdrawal", "hipaa-access", "hipaa-amendment"}

// typeChoices lists the request types for people: each by its short
// label and the word to type, "Auskunft (access)".
func typeChoices(loc *i18n.Localizer) string {
	parts := make([]string, len(typeNames))
	for i, n := range typeNames {
		parts[i] = loc.Label("requestshort", string(requestTypeNames[n]), "") + " (" + n + ")"
	}
	return strings.Join(parts, ", ")
}

// shortRelations are the short relations of relationNames, in the order
// the usage error offers them.
var shortRelations = []string{"self", "parent", "guardian", "lawyer", "other"}

// relationChoices lists the short relations for people: each by the
// label of the relation it stands for and the word to type, "Elternteil
// (parent)".
func relationChoices(loc *i18n.Localizer) string {
	parts := make([]string, len(shortRelations))
	for i, r := range shortRelations {
		parts[i] = loc.Label("relation", relationNames[r], "") + " (" + r + ")"
	}
	return strings.Join(parts, ", ")
}

func dsrOpen() *command {
	c := newCommand("open", "[flags]", "cli3.cmd.dsr.open")
	c.help = "cli3.help.dsr.open"
	patient := c.flags.String("patient", "", "cli3.flag.dsr.open.patient")
	typ := c.flags.String("type", "", "cli3.flag.type")
	channel := c.flags.String("channel", "", "cli3.flag.channel")
	received := c.flags.String("received", "", "cli3.flag.received")
	requester := c.flags.String("requester", "", "cli3.flag.requester")
	relation := c.flags.String("relation", "self", "cli3.flag.dsr.open.relation")
	description := c.flags.String("description", "", "cli3.flag.dsr.open.description")
	purpose := c.flags.String("purpose", "", "cli3.flag.dsr.open.purpose")
	categories := c.flags.String("categories", "", "cli3.flag.dsr.open.categories")
	force := c.flags.Bool("force", false, "cli3.flag.force")
	var in consent.Intake
	return leaf[consent.Request]{nargs: noArgs, json: "cli3.flag.dsr.open.json",
		check: func(ctx *runContext, _ []string) error {
			var err error
			in, err = intakeOf(ctx.words(), *patient, *typ, *channel, *received, *requester, *relation)
			in.Description, in.PurposeID, in.Categories, in.AcceptDuplicate = *description, *purpose, splitList(*categories), *force
			return err
		},
		do: func(_ *runContext, u unlocked, _ []string) (consent.Request, error) {
			r, err := u.uc.OpenRequest(in)
			return r, consentMessage(err)
		},
		show: func(ctx *runContext, u unlocked, r consent.Request) error {
			loc := ctx.words()
			id := "cliuuid.dsr.opened"
			rule := deadlineRule(loc, r)
			if rule != "" {
				id = "cliuuid.dsr.openedMoved"
			}
			return ctx.say(id, "ID", r.ID, "Type", loc.Label("request", string(r.Type), ""), "Patient", u.patientText(loc, r.SubjectID),
				"Due", loc.Date(r.Due()), "Rule", rule)
		},
		asJSON: func(u unlocked, r consent.Request) any { return toRequestJSON(r, u.uc.Now()) },
	}.build(c)
}

// intakeOf checks the required flags of "dsr open".
func intakeOf(loc *i18n.Localizer, patient, typ, channel, received, requester, relation string) (consent.Intake, error) {
	if patient == "" || typ == "" || channel == "" || received == "" {
		return consent.Intake{}, usageErrorf("%s", loc.T("cli2.dsr.open.required"))
	}
	t, ok := requestTypeNames[typ]
	if !ok {
		return consent.Intake{}, usageErrorf("%s", loc.T("cli2.dsr.open.type", "Values", typeChoices(loc)))
	}
	rel, ok := relationNames[relation]
	if !ok {
		return consent.Intake{}, usageErrorf("%s", loc.T("cli2.dsr.open.relation", "Values", relationChoices(loc)))
	}
	d, err := time.ParseInLocation(dateLayout, received, time.Local)
	if err != nil {
		return consent.Intake{}, newExitError(exitValidation, nil, "%s", loc.T("cli2.dsr.open.received"))
	}
	if requester == "" {
		if rel != consent.RelSelf {
			return consent.Intake{}, usageErrorf("%s", loc.T("cli2.dsr.open.requester"))
		}
		requester = "the patient"
	}
	return consent.Intake{SubjectID: patient, Type: t, Channel: channel, ReceivedAt: d, Requester: requester, RequesterRelation: rel}, nil
}

// requestJSON is a request with its computed deadline state.
type requestJSON struct {
	consent.Request
	Article  string        `json:"article"`
	Due      string        `json:"due"`
	DueRule  string        `json:"dueRule,omitempty"` // the roll-forward that decided the date
	DaysLeft int           `json:"daysLeft"`
	Clock    consent.Clock `json:"clock"`
}

func toRequestJSON(r consent.Request, now time.Time) requestJSON {
	return requestJSON{Request: r, Article: r.Type.Article(), Due: r.Due().Format(dateLayout), DueRule: r.Deadline().Rule(), DaysLeft: r.DaysLeft(now), Clock: r.Clock(now)}
}

func dsrList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.dsr.list")
	open := c.flags.Bool("open", false, "cli3.flag.open")
	patient := c.flags.String("patient", "", "cli3.flag.dsr.list.patient")
	return requestsLeaf(c, func(u unlocked) ([]consent.Request, error) {
		return u.uc.Requests(consent.RequestFilter{SubjectID: *patient, OpenOnly: *open})
	})
}

// requestsLeaf completes a leaf that lists requests: as a table with
// their clocks, or as JSON.
func requestsLeaf(c *command, list func(u unlocked) ([]consent.Request, error)) *command {
	return leaf[[]consent.Request]{nargs: noArgs, json: "cli3.flag.json",
		do: func(_ *runContext, u unlocked, _ []string) ([]consent.Request, error) { return list(u) },
		show: func(ctx *runContext, u unlocked, reqs []consent.Request) error {
			ids := make([]string, len(reqs))
			for i, r := range reqs {
				ids[i] = r.SubjectID
			}
			return writeRequests(ctx.stdout, ctx.words(), patientNamer(ctx.words(), u.s, ids), reqs, u.uc.Now())
		},
		asJSON: func(u unlocked, reqs []consent.Request) any {
			return mapEach(reqs, func(r consent.Request) requestJSON { return toRequestJSON(r, u.uc.Now()) })
		},
	}.build(c)
}

// writeRequests prints requests for people: patients by name where the
// role may read them, kinds, states and clocks in the run's language.
func writeRequests(w io.Writer, loc *i18n.Localizer, patient func(string) string, reqs []consent.Request, now time.Time) error {
	t := &table{}
	t.head(loc, "id", "patient", "type", "state", "received", "due", "whyThisDate", "daysLeft", "clock")
	for _, r := range reqs {
		left := "-"
		if r.Open() {
			left = fmt.Sprint(r.DaysLeft(now))
		}
		t.add(r.ID, patient(r.SubjectID), loc.Label("requestshort", string(r.Type), ""), loc.Label("state", string(r.State), ""), loc.Date(r.ReceivedAt),
			loc.Date(r.Due()), dueRule(loc, r), left, clockName(loc, r.Clock(now)))
	}
	return t.write(w)
}

// clockName is a red/amber/green clock as people read it.
func clockName(loc *i18n.Localizer, c consent.Clock) string {
	if id := "cli2.clock." + string(c); loc.Has(id) {
		return loc.T(id)
	}
	return strings.ToUpper(string(c))
}

func dsrShow() *command {
	c := newCommand("show", "[flags] ID", "cli3.cmd.dsr.show")
	return leaf[requestShown]{nargs: exactArgs(1), json: "cli3.flag.json",
		do: func(_ *runContext, u unlocked, args []string) (requestShown, error) {
			var v requestShown
			r, err := u.uc.Request(args[0])
			if err != nil {
				return v, err
			}
			ts, err := u.uc.Store().ListTransitions(u.uc.Context(), r.ID)
			if err != nil {
				return v, err
			}
			notify, err := u.uc.Notifications(r)
			return requestShown{toRequestJSON(r, u.uc.Now()), nonNil(ts), nonNil(notify)}, err
		},
		show: func(ctx *runContext, u unlocked, v requestShown) error {
			return writeRequest(ctx.stdout, ctx.words(), userNamer(ctx.words(), u.s), patientNamer(ctx.words(), u.s, []string{v.Request.SubjectID}), v.Request.Request, v.Transitions, v.Notify, u.uc.Now())
		},
	}.build(c)
}

// requestShown is what "dsr show" prints.
type requestShown struct {
	Request     requestJSON            `json:"request"`
	Transitions []consent.Transition   `json:"transitions"`
	Notify      []consent.Notification `json:"notifyRecipients"`
}

func writeRequest(w io.Writer, loc *i18n.Localizer, name, patient func(string) string, r consent.Request, ts []consent.Transition, notify []consent.Notification, now time.Time) error {
	t := &table{}
	field := func(name, v string) { t.add(loc.T("cli2.dsr.field."+name), v) }
	field("id", r.ID)
	field("patient", patient(r.SubjectID))
	field("type", loc.Label("request", string(r.Type), ""))
	field("state", loc.Label("state", string(r.State), ""))
	field("channel", loc.Label("channel", r.Channel, ""))
	field("received", loc.Date(r.ReceivedAt))
	if r.RequesterRelation == consent.RelSelf {
		field("requester", loc.Label("relation", r.RequesterRelation, "")) // the patient themself
	} else {
		field("requester", fmt.Sprintf("%s (%s)", r.Requester, loc.Label("relation", r.RequesterRelation, "")))
	}
	if r.Description != "" {
		field("description", r.Description)
	}
	if r.PurposeID != "" {
		field("purpose", loc.Label("purpose", r.PurposeID, r.PurposeID))
	}
	field("due", fmt.Sprintf("%s (%s)", loc.Date(r.Due()), clockText(loc, r, now)))
	if rule := deadlineRule(loc, r); rule != "" {
		field("whyThisDate", loc.T("cli2.dsr.rule", "Rule", rule))
	}
	field("identity", verificationText(loc, name, r.Verification))
	if x := r.Extension; x != nil {
		field("extended", extensionText(loc, x))
	}
	if r.DenialGround != "" {
		field("deniedOn", app.GroundText(loc, r.DenialGround))
	}
	if err := t.write(w); err != nil {
		return err
	}
	fmt.Fprintln(w, "\n"+loc.T("cli2.dsr.history"))
	h := &table{}
	h.head(loc, "time", "action", "from", "to", "by", "role", "detail")
	h.rows[0][0] = "  " + h.rows[0][0]
	for _, x := range ts {
		h.add("  "+loc.DateTime(x.At.UTC()), loc.Label("step", x.Action, ""), orDash(loc.Label("state", string(x.From), "")),
			loc.Label("state", string(x.To), ""), name(x.By), loc.Role(x.Role), app.TransitionDetail(loc, x))
	}
	if err := h.write(w); err != nil {
		return err
	}
	return writeNotifications(w, loc, notify)
}

func writeNotifications(w io.Writer, loc *i18n.Localizer, notify []consent.Notification) error {
	if len(notify) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\n"+loc.T("cli2.dsr.notify"))
	for _, n := range notify {
		fmt.Fprintf(w, "  %s\n", app.NotificationText(loc, n))
	}
	return nil
}

func clockText(loc *i18n.Localizer, r consent.Request, now time.Time) string {
	if !r.Open() {
		return loc.T("cli2.dsr.clock.closed", "Date", loc.Date(r.ClosedAt))
	}
	left := r.DaysLeft(now)
	if left < 0 {
		return loc.N("clisweep.dsr.clock.overdue", -left, "Clock", clockName(loc, consent.ClockRed))
	}
	return loc.N("clisweep.dsr.clock.left", left, "Clock", clockName(loc, r.Clock(now)))
}

// verificationText says how and when a requester's identity was checked,
// and by whom (the account's name, as the history names it).
func verificationText(loc *i18n.Localizer, name func(string) string, v *consent.Verification) string {
	switch {
	case v == nil:
		return loc.T("cli2.dsr.verify.none")
	case !v.Verified:
		return loc.T("cli2.dsr.verify.failed", "Method", loc.Label("verify", v.Method, ""), "Date", loc.Date(v.At), "By", name(v.By))
	}
	return loc.T("cli2.dsr.verify.done", "Method", loc.Label("verify", v.Method, ""), "Date", loc.Date(v.At), "By", name(v.By))
}

var verifyMethodNames = []string{consent.VerifyIDDocument, consent.VerifyKnownToStaff, consent.VerifyCallback,
	consent.VerifySignedLetter, consent.VerifyPortalLogin, consent.VerifyRepresentative}

func dsrVerify() *command {
	c := newCommand("verify", "[flags] ID", "cli3.cmd.dsr.verify")
	c.help = "cli3.help.dsr.verify"
	c.helpMore = verifyMethodList
	method := c.flags.String("method", "", "cli3.flag.dsr.verify.method")
	failed := c.flags.Bool("failed", false, "cli3.flag.failed")
	check := func(ctx *runContext, _ []string) error {
		if *method == "" {
			return usageErrorf("%s", ctx.words().T("cli2.dsr.verify.required", "Methods", strings.Join(verifyMethodNames, ", ")))
		}
		return nil
	}
	return stepLeaf(c, check, func(uc *app.Session, r consent.Request) (consent.Request, error) {
		return uc.VerifyIdentity(r, *method, !*failed)
	})
}

// stepLeaf completes a leaf that loads the request named by its argument,
// runs one workflow use case on it (which checks the permission, audits
// a denial and stores the transition), then prints the new state.
func stepLeaf(c *command, check func(*runContext, []string) error, fn func(*app.Session, consent.Request) (consent.Request, error)) *command {
	return leaf[consent.Request]{nargs: exactArgs(1), check: check,
		do: func(_ *runContext, u unlocked, args []string) (consent.Request, error) {
			r, err := u.uc.Request(args[0])
			if err != nil {
				return r, consentMessage(err)
			}
			r, err = fn(u.uc, r)
			return r, consentMessage(err)
		},
		show: func(ctx *runContext, u unlocked, r consent.Request) error {
			loc := ctx.words()
			return ctx.say("cliuuid.dsr.step", "Request", app.RequestText(loc, r), "Patient", u.patientText(loc, r.SubjectID), "State", loc.Label("state", string(r.State), ""),
				"Due", loc.Date(r.Due()), "Clock", clockText(loc, r, u.uc.Now()))
		},
	}.build(c)
}

func dsrExtend() *command {
	c := newCommand("extend", "[flags] ID", "cli3.cmd.dsr.extend")
	c.help = "cli3.help.dsr.extend"
	months := c.flags.Int("months", 0, "cli3.flag.dsr.extend.months")
	reason := c.flags.String("reason", "", "cli3.flag.dsr.extend.reason")
	toldAt := c.flags.String("told-at", "", "cli3.flag.told-at")
	toldVia := c.flags.String("told-via", "", "cli3.flag.told-via")
	check := func(ctx *runContext, _ []string) error {
		if *months == 0 || strings.TrimSpace(*reason) == "" || *toldVia == "" {
			return usageErrorf("%s", ctx.words().T("cli2.dsr.extend.required"))
		}
		return nil
	}
	return stepLeaf(c, check, func(uc *app.Session, r consent.Request) (consent.Request, error) {
		x, err := extendNotice(*months, *reason, *toldAt, *toldVia, uc.Now())
		if err != nil {
			return r, err
		}
		return uc.ExtendRequest(r, x)
	})
}

func dsrDeny() *command {
	c := newCommand("deny", "[flags] ID", "cli3.cmd.dsr.deny")
	c.help = "cli3.help.dsr.deny"
	c.helpMore = groundList
	ground := c.flags.String("ground", "", "cli3.flag.ground")
	check := func(ctx *runContext, _ []string) error {
		if *ground == "" {
			return usageErrorf("%s", ctx.words().T("cli2.dsr.deny.required"))
		}
		if _, ok := consent.FindLegalGround(*ground); !ok {
			return usageErrorf("%s", ctx.words().T("cli2.dsr.deny.ground", "Ground", codeArg(*ground)))
		}
		return nil
	}
	return stepLeaf(c, check, func(uc *app.Session, r consent.Request) (consent.Request, error) {
		return uc.DenyRequest(r, *ground)
	})
}

// groundList is the help's list of the grounds for a denial: the code to
// type, its text and the request types it applies to.
func groundList(loc *i18n.Localizer) string {
	var b strings.Builder
	b.WriteString(loc.T("cli3.help.dsr.grounds") + "\n")
	for _, g := range consent.LegalGrounds() {
		types := loc.T("cli3.help.dsr.allTypes")
		if g.Applies != nil {
			names := make([]string, len(g.Applies))
			for i, t := range g.Applies {
				names[i] = string(t)
			}
			types = strings.Join(names, ", ")
		}
		fmt.Fprintf(&b, "  %s\n      %s (%s)\n", g.Code, app.GroundText(loc, g.Code), types)
	}
	return b.String()
}

// verifyMethodList is the help's list of the identity checks: the code
// to type and its label.
func verifyMethodList(loc *i18n.Localizer) string {
	var b strings.Builder
	b.WriteString(loc.T("cli3.help.dsr.methods") + "\n")
	for _, m := range verifyMethodNames {
		fmt.Fprintf(&b, "  %s\n      %s\n", m, loc.Label("verify", m, m))
	}
	return b.String()
}

func dsrOverdue() *command {
	c := newCommand("overdue", "[flags]", "cli3.cmd.dsr.overdue")
	return requestsLeaf(c, func(u unlocked) ([]consent.Request, error) {
		reqs, err := u.uc.Requests(consent.RequestFilter{OpenOnly: true})
		return consent.Overdue(reqs, u.uc.Now()), err
	})
}
