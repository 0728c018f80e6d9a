package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
)

// Consent is the "custodiactl consent" group.
func consentCommand() *command {
	return newGroup("consent", "cli3.cmd.consent",
		consentGrant(), consentWithdraw(), consentList(), consentHistory(), consentDue(),
		consentExportFHIR(), consentImportFHIR(), consentReceipt())
}

// maxScanBytes bounds a signed consent scan.
const maxScanBytes = 20 << 20

// grantFlags are the flags of "consent grant".
type grantFlags struct {
	patient, purpose, recipients, categories, deny string
	method, representative, relation, lang, scan   string
	validUntil                                     string
	textVersion                                    int
}

func addGrantFlags(fs *flag.FlagSet) *grantFlags {
	gf := &grantFlags{}
	fs.StringVar(&gf.patient, "patient", "", "cli3.flag.consent.export-fhir.patient")
	fs.StringVar(&gf.purpose, "purpose", "", "cli3.flag.consent.grant.purpose")
	fs.StringVar(&gf.recipients, "recipient", "", "cli3.flag.consent.grant.recipient")
	fs.StringVar(&gf.categories, "categories", "", "cli3.flag.consent.grant.categories")
	fs.StringVar(&gf.deny, "deny", "", "cli3.flag.deny")
	fs.StringVar(&gf.method, "method", "", "cli3.flag.consent.grant.method")
	fs.StringVar(&gf.representative, "representative", "", "cli3.flag.representative")
	fs.StringVar(&gf.relation, "relation", "", "cli3.flag.consent.grant.relation")
	fs.IntVar(&gf.textVersion, "text-version", 0, "cli3.flag.text-version")
	fs.StringVar(&gf.lang, "lang", "", "cli3.flag.consent.grant.lang")
	fs.StringVar(&gf.scan, "scan", "", "cli3.flag.scan")
	fs.StringVar(&gf.validUntil, "valid-until", "", "cli3.flag.valid-until")
	return gf
}

func consentGrant() *command {
	c := newCommand("grant", "[flags]", "cli3.cmd.consent.grant")
	c.help = "cli3.help.consent.grant"
	gf := addGrantFlags(c.flags)
	return leaf[consent.Event]{nargs: noArgs, json: "cli3.flag.consent.grant.json",
		check: func(ctx *runContext, _ []string) error {
			if gf.patient == "" || gf.purpose == "" || gf.method == "" {
				return usageErrorf("%s", ctx.words().T("cli2.consent.grant.required"))
			}
			if (gf.representative == "") != (gf.relation == "") {
				return usageErrorf("%s", ctx.words().T("cli2.consent.grant.representative"))
			}
			if !slices.Contains(grantMethods, consent.Method(gf.method)) {
				return invalid(consent.ErrInvalid, "cli4.consent.badMethod")
			}
			return nil
		},
		do: func(ctx *runContext, u unlocked, _ []string) (consent.Event, error) {
			if gf.lang == "" {
				gf.lang = ctx.words().Lang() // the text shown is in the language the practice works in
			}
			e, err := grantFromFlags(u.uc, gf)
			return e, consentMessage(err)
		},
		show: func(ctx *runContext, u unlocked, e consent.Event) error {
			return ctx.say("cliuuid.consent.granted", "ID", e.ID, "Patient", u.patientText(ctx.words(), e.PatientID), "Purpose", purposeText(ctx.words(), e.PurposeID))
		},
	}.build(c)
}

// grantMethods are the ways a consent is collected that --method takes.
var grantMethods = []consent.Method{consent.MethodPaper, consent.MethodScreen, consent.MethodVerbal, consent.MethodImported}

// grantFromFlags reads the flags and the scan file and records the grant through
// the use case.
func grantFromFlags(uc *app.Session, gf *grantFlags) (consent.Event, error) {
	e := consent.Event{PatientID: gf.patient, PurposeID: gf.purpose, Recipients: splitList(gf.recipients),
		Categories: splitList(gf.categories), Method: consent.Method(gf.method), TextVersion: gf.textVersion}
	if d := splitList(gf.deny); len(d) > 0 {
		e.Deny = []consent.Deny{{Categories: d}}
	}
	if gf.representative != "" {
		e.Representative = &consent.Representative{Name: gf.representative, Relation: gf.relation}
	}
	if gf.validUntil != "" {
		t, err := parseTimeFlag("--valid-until", gf.validUntil)
		if err != nil {
			return e, err
		}
		e.ValidUntil = t
		if d, err := time.ParseInLocation(dateLayout, gf.validUntil, time.Local); err == nil {
			e.ValidUntil = consent.EndOfDay(d).UTC() // a date is valid through that whole day, in the practice's time zone
		}
	}
	g := app.Grant{Event: e, Language: gf.lang}
	if gf.scan != "" {
		scan, err := readScan(gf.scan)
		if err != nil {
			return e, err
		}
		g.Scan = &scan
	}
	return uc.GrantConsent(g)
}

// readScan reads a scan file and checks it is a PDF, PNG or JPEG.
func readScan(name string) (app.Scan, error) {
	f, err := os.Open(name)
	if err != nil {
		return app.Scan{}, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", "--scan", "File", name)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxScanBytes+1))
	if err != nil {
		return app.Scan{}, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", "--scan", "File", name)
	}
	if len(data) > maxScanBytes {
		return app.Scan{}, invalid(nil, "cli4.consent.scanTooLarge", "MiB", maxScanBytes>>20)
	}
	ct := http.DetectContentType(data)
	if !slices.Contains([]string{"application/pdf", "image/png", "image/jpeg"}, ct) {
		return app.Scan{}, invalid(nil, "cli4.consent.scanType")
	}
	return app.Scan{ContentType: ct, Data: data}, nil
}

func consentWithdraw() *command {
	c := newCommand("withdraw", "[flags]", "cli3.cmd.consent.withdraw")
	c.help = "cli3.help.consent.withdraw"
	patient := c.flags.String("patient", "", "cli3.flag.consent.export-fhir.patient")
	purpose := c.flags.String("purpose", "", "cli3.flag.consent.withdraw.purpose")
	recipient := c.flags.String("recipient", "", "cli3.flag.consent.withdraw.recipient")
	method := c.flags.String("method", "verbal", "cli3.flag.consent.withdraw.method")
	return leaf[[]consent.Event]{nargs: noArgs,
		check: func(ctx *runContext, _ []string) error {
			if *patient == "" || *purpose == "" {
				return usageErrorf("%s", ctx.words().T("cli2.consent.withdraw.required"))
			}
			return nil
		},
		do: func(_ *runContext, u unlocked, _ []string) ([]consent.Event, error) {
			events, err := u.uc.WithdrawConsent(*patient, *purpose, *recipient, consent.Method(*method))
			return events, consentMessage(err)
		},
		show: func(ctx *runContext, u unlocked, events []consent.Event) error {
			id := "cliuuid.consent.withdrawn"
			if *recipient != "" {
				id = "cliuuid.consent.withdrawnRecipient"
			}
			return ctx.say(id, "Patient", u.patientText(ctx.words(), *patient), "Purpose", purposeText(ctx.words(), *purpose), "Recipient", *recipient,
				"When", ctx.words().DateTime(u.uc.Now().UTC()), "Event", events[0].ID)
		},
	}.build(c)
}

// consentState is one line of "consent list".
type consentState struct {
	PurposeID       string    `json:"purposeId"`
	Purpose         string    `json:"purpose"`
	Basis           string    `json:"basis"`
	ConsentRequired bool      `json:"consentRequired"`
	State           string    `json:"state"`
	Allowed         bool      `json:"allowed"`
	Reason          string    `json:"reason"`
	EventID         string    `json:"eventId,omitempty"`
	ValidUntil      time.Time `json:"validUntil,omitzero"`
	TextVersion     int       `json:"textVersion,omitempty"`

	// ReasonCode is Reason as a code (consent.ReasonCodes); the table
	// words it in the run's language.
	ReasonCode consent.ReasonCode `json:"reasonCode"`
}

func consentList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.consent.list")
	c.help = "cli3.help.consent.list"
	patient := c.flags.String("patient", "", "cli3.flag.consent.export-fhir.patient")
	at := c.flags.String("at", "", "cli3.flag.at")
	recipient := c.flags.String("recipient", "", "cli3.flag.consent.list.recipient")
	category := c.flags.String("category", "", "cli3.flag.consent.list.category")
	return leaf[[]consentState]{nargs: noArgs, json: "cli3.flag.json",
		check: requireFlag(patient, "cli2.consent.list.required"),
		do: func(_ *runContext, u unlocked, _ []string) ([]consentState, error) {
			when := u.uc.Now()
			if *at != "" {
				var err error
				if when, err = parseTimeFlag("--at", *at); err != nil {
					return nil, err
				}
			}
			return consentStates(u.uc, *patient, *recipient, *category, when)
		},
		show: func(ctx *runContext, _ unlocked, states []consentState) error { return writeStates(ctx, states) },
	}.build(c)
}

// states derives the per-purpose state of a patient from the ledger.
func consentStates(uc *app.Session, patient, recipient, category string, at time.Time) ([]consentState, error) {
	l, err := uc.PatientLedger(patient)
	ix := l.Index
	if err != nil {
		return nil, err
	}
	status := ix.Status(patient, at)
	var out []consentState
	for _, p := range ix.Catalogue().Purposes() {
		d := ix.Allowed(patient, p.ID, recipient, category, at)
		s := consentState{PurposeID: p.ID, Purpose: p.Name, Basis: d.Basis, ConsentRequired: p.ConsentRequired,
			State: "not required", Allowed: d.Allowed, Reason: d.Reason, ReasonCode: d.Code, EventID: d.EventID}
		if p.ConsentRequired {
			s.State = "none"
		}
		for _, gs := range status {
			if gs.PurposeID == p.ID {
				s.State, s.ValidUntil, s.TextVersion = gs.Status, gs.ValidUntil, gs.TextVersion
			}
		}
		out = append(out, s)
	}
	return out, nil
}

func writeStates(ctx *runContext, states []consentState) error {
	loc := ctx.words()
	t := &table{}
	t.head(loc, "purpose", "purposeId", "state", "allowed", "validUntil", "reason", "event")
	for _, s := range states {
		t.add(loc.Translate("purpose", s.PurposeID, s.Purpose), s.PurposeID, stateText(loc, s.State), yesNoText(loc, s.Allowed), dateOrDash(loc, s.ValidUntil), loc.DecisionReason(string(s.ReasonCode)), s.EventID)
	}
	return t.write(ctx.stdout)
}

func dateOrDash(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return loc.Date(t)
}

func consentHistory() *command {
	c := newCommand("history", "[flags]", "cli3.cmd.consent.history")
	patient := c.flags.String("patient", "", "cli3.flag.consent.export-fhir.patient")
	purpose := c.flags.String("purpose", "", "cli3.flag.consent.history.purpose")
	return leaf[[]consent.Event]{nargs: noArgs, json: "cli3.flag.json",
		check: requireFlag(patient, "cli2.consent.history.required"),
		do: func(_ *runContext, u unlocked, _ []string) ([]consent.Event, error) {
			events, err := u.uc.Store().ListEvents(u.uc.Context(), consent.EventFilter{PatientID: *patient, PurposeID: *purpose})
			return nonNil(events), err
		},
		show: func(ctx *runContext, u unlocked, events []consent.Event) error {
			return writeEvents(ctx, userNamer(ctx.words(), u.s), events)
		},
	}.build(c)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeEvents(ctx *runContext, name func(string) string, events []consent.Event) error {
	loc := ctx.words()
	t := &table{}
	t.head(loc, "time", "type", "purpose", "event", "refersTo", "method", "text", "scope", "recordedBy")
	for _, e := range events {
		text := "-"
		if e.TextVersion > 0 {
			text = loc.T("cli4.consent.textVersion", "Language", loc.Label("language", e.TextLanguage, ""), "Version", e.TextVersion)
		}
		t.add(loc.DateTime(e.Time.UTC()), loc.Label("event", string(e.Type), ""), orAllPurposes(loc, e.PurposeID), e.ID, orDash(e.RefersTo),
			loc.Label("method", string(e.Method), ""), text, scopeText(loc, e), name(e.RecordedBy))
	}
	return t.write(ctx.stdout)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// scopeText summarises recipients, categories and deny exceptions.
func scopeText(loc *i18n.Localizer, e consent.Event) string {
	var parts []string
	if len(e.Recipients) > 0 {
		parts = append(parts, loc.T("cli2.consent.scope.to", "List", strings.Join(e.Recipients, ",")))
	}
	if len(e.Categories) > 0 {
		parts = append(parts, loc.T("cli2.consent.scope.only", "List", strings.Join(e.Categories, ",")))
	}
	for _, d := range e.Deny {
		parts = append(parts, loc.T("cli2.consent.scope.except", "List", strings.Join(d.Categories, ",")))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "; ")
}

func consentDue() *command {
	c := newCommand("due", "[flags]", "cli3.cmd.consent.due")
	within := c.flags.String("within", "30d", "cli3.flag.within")
	var d time.Duration
	return leaf[[]consent.Renewal]{nargs: noArgs, json: "cli3.flag.json",
		check: func(ctx *runContext, _ []string) error {
			var err error
			if d, err = parsePeriod(*within); err != nil {
				return usageErrorf("--within: %s", ctx.words().T("cli2.consent.due.period"))
			}
			return nil
		},
		do: func(_ *runContext, u unlocked, _ []string) ([]consent.Renewal, error) {
			ix, _, err := u.uc.Index()
			if err != nil {
				return nil, err
			}
			return nonNil(ix.DueForRenewal(d, u.uc.Now())), nil
		},
		show: func(ctx *runContext, u unlocked, due []consent.Renewal) error {
			loc := ctx.words()
			t := &table{}
			ids := make([]string, len(due))
			for i, r := range due {
				ids[i] = r.PatientID
			}
			patient := patientNamer(loc, u.s, ids)
			t.head(loc, "due", "days", "patient", "purpose", "grant", "reason")
			for _, r := range due {
				t.add(loc.Date(r.Due), fmt.Sprint(int(r.Due.Sub(u.uc.Now()).Hours()/24)), patient(r.PatientID), loc.Label("purpose", r.PurposeID, ""), r.GrantID, renewalReason(loc, r))
			}
			return t.write(ctx.stdout)
		},
	}.build(c)
}

func renewalReason(loc *i18n.Localizer, r consent.Renewal) string {
	if r.NewTextVersion > 0 { // a material change of the text (the domain's reason for this case)
		return loc.T("cli2.consent.due.newText", "Reason", loc.T("cli4.consent.due.textChange"), "Version", r.NewTextVersion)
	}
	return loc.T("cli4.consent.due.expiry")
}

// parsePeriod reads "30d", "8w" or a Go duration such as "72h".
func parsePeriod(s string) (time.Duration, error) {
	var n int
	var unit string
	if _, err := fmt.Sscanf(s, "%d%s", &n, &unit); err == nil && n >= 0 {
		switch unit {
		case "d":
			return time.Duration(n) * 24 * time.Hour, nil
		case "w":
			return time.Duration(n) * 7 * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("want a period like 30d, 8w or 72h")
	}
	return d, nil
}

// strictJSON decodes one JSON value, refusing unknown fields; a problem
// is a *consent.ValidationError naming line and column or the field, which
// jsonProblem words.
func strictJSON(data []byte, v any) error { return consent.DecodeStrict(data, v) }

// jsonProblem is a file's JSON problem as a message argument, worded in
// the run's language when the error is reported (describe).
type jsonProblem struct{ err error }

func (p jsonProblem) words(loc *i18n.Localizer) string { return fieldList(loc, p.err) }

// orAllPurposes shows the purpose of an event; an erasure ends them all.
func orAllPurposes(loc *i18n.Localizer, id string) string {
	if id == "" {
		return loc.T("cli2.consent.allPurposes")
	}
	return loc.Label("purpose", id, "")
}

// purposeText names a purpose in a message: its label in the run's
// language with the id to type after it, "Praxis-Newsletter (marketing)";
// a purpose without a shipped label by its id.
func purposeText(loc *i18n.Localizer, id string) string {
	if label := loc.Label("purpose", id, ""); label != id {
		return label + " (" + id + ")"
	}
	return id
}
