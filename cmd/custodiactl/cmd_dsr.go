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
	return newGroup("dsr", "take in and answer data-subject requests (GDPR Art. 15-22, HIPAA)",
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

func dsrOpen() *command {
	c := newCommand("open", "[flags]", "take in a data-subject request and print its id and due date")
	c.help = `Types: access, rectification, erasure, restriction, portability, objection,
withdrawal (of consent), hipaa-access, hipaa-amendment. Objections and
withdrawals name --purpose. The deadline runs from --received: one
calendar month (GDPR Art. 12(3)), 30 days (HIPAA access) or 60 days (HIPAA
amendment). An open request of the same patient and type is reported as a
duplicate; --force records the new one anyway (a different matter).`
	vf := addVaultFlags(c.flags)
	patient := c.flags.String("patient", "", "patient `id` the request is about (required)")
	typ := c.flags.String("type", "", "request `type` (required, see above)")
	channel := c.flags.String("channel", "", "letter, email, desk, phone or portal (required)")
	received := c.flags.String("received", "", "`date` of receipt, YYYY-MM-DD (required)")
	requester := c.flags.String("requester", "", "`name` of the person asking, when not the patient")
	relation := c.flags.String("relation", "self", "requester's relation: self, parent, guardian, lawyer, other")
	description := c.flags.String("description", "", "what is asked, in the requester's words")
	purpose := c.flags.String("purpose", "", "purpose `id` of an objection or consent withdrawal")
	categories := c.flags.String("categories", "", "data `categories` a rectification, erasure or restriction is limited to")
	force := c.flags.Bool("force", false, "record even if an open request of the same type exists")
	asJSON := c.flags.Bool("json", false, "print the request as JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		in, err := intakeOf(*patient, *typ, *channel, *received, *requester, *relation)
		if err != nil {
			return err
		}
		in.Description, in.PurposeID, in.Categories, in.AcceptDuplicate = *description, *purpose, splitList(*categories), *force
		uc, closeFn, err := ctx.openApp(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		r, err := uc.OpenRequest(in)
		if err != nil {
			return consentMessage(err)
		}
		if *asJSON {
			return writeJSON(ctx.stdout, toRequestJSON(r, uc.Now()))
		}
		due := r.Due().Format(dateLayout)
		if rule := deadlineRule(ctx.words(), r); rule != "" {
			due += " (moved to the next working day: " + rule + ")"
		}
		fmt.Fprintf(ctx.stdout, "request %s opened: %s (%s), due %s\n", r.ID, r.Type, r.Type.Article(), due)
		return nil
	}
	return c
}

// intakeOf checks the required flags of "dsr open".
func intakeOf(patient, typ, channel, received, requester, relation string) (consent.Intake, error) {
	if patient == "" || typ == "" || channel == "" || received == "" {
		return consent.Intake{}, usageErrorf("dsr open: --patient, --type, --channel and --received are required")
	}
	t, ok := requestTypeNames[typ]
	if !ok {
		return consent.Intake{}, usageErrorf("--type: unknown request type %q (see dsr open --help)", typ)
	}
	rel, ok := relationNames[relation]
	if !ok {
		return consent.Intake{}, usageErrorf("--relation: want self, parent, guardian, lawyer or other")
	}
	d, err := time.ParseInLocation(dateLayout, received, time.Local)
	if err != nil {
		return consent.Intake{}, newExitError(exitValidation, nil, "--received is not a date (want YYYY-MM-DD)")
	}
	if requester == "" {
		if rel != consent.RelSelf {
			return consent.Intake{}, usageErrorf("--requester is required when the requester is not the patient")
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
	c := newCommand("list", "[flags]", "list requests with due date and red/amber/green clock")
	vf := addVaultFlags(c.flags)
	open := c.flags.Bool("open", false, "only requests still open")
	patient := c.flags.String("patient", "", "only requests about this patient `id`")
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		uc, closeFn, err := ctx.openApp(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		reqs, err := uc.Requests(consent.RequestFilter{SubjectID: *patient, OpenOnly: *open})
		if err != nil {
			return err
		}
		return writeRequests(ctx.stdout, ctx.words(), reqs, uc.Now(), *asJSON)
	}
	return c
}

func writeRequests(w io.Writer, loc *i18n.Localizer, reqs []consent.Request, now time.Time, asJSON bool) error {
	if asJSON {
		out := make([]requestJSON, len(reqs))
		for i, r := range reqs {
			out[i] = toRequestJSON(r, now)
		}
		return writeJSON(w, out)
	}
	t := &table{}
	t.add("ID", "PATIENT", "TYPE", "STATE", "RECEIVED", "DUE", "WHY THIS DATE", "DAYS LEFT", "CLOCK")
	for _, r := range reqs {
		left := "-"
		if r.Open() {
			left = fmt.Sprint(r.DaysLeft(now))
		}
		t.add(r.ID, r.SubjectID, string(r.Type), string(r.State), r.ReceivedAt.Format(dateLayout),
			r.Due().Format(dateLayout), dueRule(loc, r), left, strings.ToUpper(string(r.Clock(now))))
	}
	return t.write(w)
}

func dsrShow() *command {
	c := newCommand("show", "[flags] ID", "show a request, its deadline, its history and whom to notify")
	vf := addVaultFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		uc, closeFn, err := ctx.openApp(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		r, err := uc.Request(args[0])
		if err != nil {
			return err
		}
		ts, err := uc.Store().ListTransitions(uc.Context(), r.ID)
		if err != nil {
			return err
		}
		notify, err := uc.Notifications(r)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(ctx.stdout, struct {
				Request     requestJSON            `json:"request"`
				Transitions []consent.Transition   `json:"transitions"`
				Notify      []consent.Notification `json:"notifyRecipients"`
			}{toRequestJSON(r, uc.Now()), nonNil(ts), nonNil(notify)})
		}
		return writeRequest(ctx.stdout, ctx.words(), r, ts, notify, uc.Now())
	}
	return c
}

func writeRequest(w io.Writer, loc *i18n.Localizer, r consent.Request, ts []consent.Transition, notify []consent.Notification, now time.Time) error {
	t := &table{}
	t.add("id:", r.ID)
	t.add("patient:", r.SubjectID)
	t.add("type:", fmt.Sprintf("%s (%s)", r.Type, r.Type.Article()))
	t.add("state:", string(r.State))
	t.add("channel:", r.Channel)
	t.add("received:", r.ReceivedAt.Format(dateLayout))
	t.add("requester:", fmt.Sprintf("%s (%s)", r.Requester, r.RequesterRelation))
	if r.Description != "" {
		t.add("description:", r.Description)
	}
	if r.PurposeID != "" {
		t.add("purpose:", r.PurposeID)
	}
	t.add("due:", fmt.Sprintf("%s (%s)", r.Due().Format(dateLayout), clockText(r, now)))
	if rule := deadlineRule(loc, r); rule != "" {
		t.add("why this date:", rule+", Regulation 1182/71 Art. 3(4)")
	}
	t.add("identity:", verificationText(r.Verification))
	if x := r.Extension; x != nil {
		t.add("extended:", extensionText(x))
	}
	if r.DenialGround != "" {
		g, _ := consent.FindLegalGround(r.DenialGround)
		t.add("denied on:", g.Text)
	}
	if err := t.write(w); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nhistory:")
	h := &table{}
	h.add("  TIME", "ACTION", "FROM", "TO", "BY", "ROLE", "DETAIL")
	for _, x := range ts {
		h.add("  "+x.At.UTC().Format(time.RFC3339), x.Action, orDash(string(x.From)), string(x.To), x.By, x.Role, x.Detail)
	}
	if err := h.write(w); err != nil {
		return err
	}
	return writeNotifications(w, notify)
}

func writeNotifications(w io.Writer, notify []consent.Notification) error {
	if len(notify) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nrecipients to notify (GDPR Art. 19):")
	for _, n := range notify {
		fmt.Fprintf(w, "  %s\n", n.String())
	}
	return nil
}

func clockText(r consent.Request, now time.Time) string {
	if !r.Open() {
		return "closed " + r.ClosedAt.Format(dateLayout)
	}
	left := r.DaysLeft(now)
	if left < 0 {
		return fmt.Sprintf("RED: overdue by %d day(s)", -left)
	}
	return fmt.Sprintf("%s: %d day(s) left", strings.ToUpper(string(r.Clock(now))), left)
}

func verificationText(v *consent.Verification) string {
	switch {
	case v == nil:
		return "not yet verified"
	case !v.Verified:
		return fmt.Sprintf("could not be verified (%s, %s, by %s)", v.Method, v.At.Format(dateLayout), v.By)
	}
	return fmt.Sprintf("verified by %s on %s (%s)", v.Method, v.At.Format(dateLayout), v.By)
}

var verifyMethodNames = []string{consent.VerifyIDDocument, consent.VerifyKnownToStaff, consent.VerifyCallback,
	consent.VerifySignedLetter, consent.VerifyPortalLogin, consent.VerifyRepresentative}

func dsrVerify() *command {
	c := newCommand("verify", "[flags] ID", "record the identity check of a request")
	c.help = "Methods: " + strings.Join(verifyMethodNames, ", ") + `.
--failed records that the identity could not be confirmed (the request can
then be denied on gdpr-12-6-identity).`
	vf := addVaultFlags(c.flags)
	method := c.flags.String("method", "", "how the identity was checked (required, see above)")
	failed := c.flags.Bool("failed", false, "the identity could not be confirmed")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		if *method == "" {
			return usageErrorf("dsr verify: --method is required (%s)", strings.Join(verifyMethodNames, ", "))
		}
		return ctx.step(vf, args[0], func(uc *app.Session, r consent.Request) (consent.Request, error) {
			return uc.VerifyIdentity(r, *method, !*failed)
		})
	}
	return c
}

// step loads a request, runs one workflow use case on it (which checks
// the permission, audits a denial and stores the transition), then prints
// the new state.
func (ctx *runContext) step(vf *vaultFlags, id string, fn func(*app.Session, consent.Request) (consent.Request, error)) error {
	uc, closeFn, err := ctx.openApp(vf)
	if err != nil {
		return err
	}
	defer closeFn()
	r, err := uc.Request(id)
	if err != nil {
		return consentMessage(err)
	}
	if r, err = fn(uc, r); err != nil {
		return consentMessage(err)
	}
	fmt.Fprintf(ctx.stdout, "request %s: %s, due %s (%s)\n", r.ID, r.State, r.Due().Format(dateLayout), clockText(r, uc.Now()))
	return nil
}

func dsrExtend() *command {
	c := newCommand("extend", "[flags] ID", "extend a request's deadline once, with a reason")
	c.help = `GDPR Art. 12(3): by one or two further months, decided no later than the
original due date; the requester must have been told, with the reasons,
by then (--told-at, default now; --told-via: letter, email, desk, phone or
portal). The months are added to the original end, and a period ending on
a weekend or public holiday ends on the next working day. HIPAA: once by
30 days (--months 1). DPO or administrator only.`
	vf := addVaultFlags(c.flags)
	months := c.flags.Int("months", 0, "1 or 2 (required)")
	reason := c.flags.String("reason", "", "why more time is needed, without personal data (required)")
	toldAt := c.flags.String("told-at", "", "when the requester was told of the extension and its reasons, YYYY-MM-DD (default now)")
	toldVia := c.flags.String("told-via", "", "how the requester was told: letter, email, desk, phone or portal (required)")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		if *months == 0 || strings.TrimSpace(*reason) == "" || *toldVia == "" {
			return usageErrorf("dsr extend: --months, --reason and --told-via are required")
		}
		return ctx.step(vf, args[0], func(uc *app.Session, r consent.Request) (consent.Request, error) {
			x, err := extendNotice(*months, *reason, *toldAt, *toldVia, uc.Now())
			if err != nil {
				return r, err
			}
			return uc.ExtendRequest(r, x)
		})
	}
	return c
}

func dsrDeny() *command {
	c := newCommand("deny", "[flags] ID", "deny a request, citing a legal ground")
	c.help = "Grounds:\n" + groundList() + "\nDPO or administrator only."
	vf := addVaultFlags(c.flags)
	ground := c.flags.String("ground", "", "legal ground `code` (required, see above)")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		if *ground == "" {
			return usageErrorf("dsr deny: --ground is required: a denial cites a legal ground (see dsr deny --help)")
		}
		if _, ok := consent.FindLegalGround(*ground); !ok {
			return usageErrorf("--ground: unknown legal ground %q (see dsr deny --help)", *ground)
		}
		return ctx.step(vf, args[0], func(uc *app.Session, r consent.Request) (consent.Request, error) {
			return uc.DenyRequest(r, *ground)
		})
	}
	return c
}

func groundList() string {
	var b strings.Builder
	for _, g := range consent.LegalGrounds() {
		types := "all types"
		if g.Applies != nil {
			names := make([]string, len(g.Applies))
			for i, t := range g.Applies {
				names[i] = string(t)
			}
			types = strings.Join(names, ", ")
		}
		fmt.Fprintf(&b, "  %s\n      %s (%s)\n", g.Code, g.Text, types)
	}
	return b.String()
}

func dsrOverdue() *command {
	c := newCommand("overdue", "[flags]", "open requests past their due date, most overdue first")
	vf := addVaultFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		uc, closeFn, err := ctx.openApp(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		reqs, err := uc.Requests(consent.RequestFilter{OpenOnly: true})
		if err != nil {
			return err
		}
		return writeRequests(ctx.stdout, ctx.words(), consent.Overdue(reqs, uc.Now()), uc.Now(), *asJSON)
	}
	return c
}
