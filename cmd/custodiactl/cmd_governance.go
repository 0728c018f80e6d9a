package main

import (
	"fmt"

	"custodia/app"
	"io"
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
)

// Retention is the "custodiactl retention" group.
func retentionCommand() *command {
	return newGroup("retention", "cli3.cmd.retention", retentionDue(), retentionRules(), retentionPurge())
}

func retentionDue() *command {
	c := newCommand("due", "[flags]", "cli3.cmd.retention.due")
	c.help = "cli3.help.retention.due"
	return leaf[[]consent.DueItem]{nargs: noArgs, json: "cli3.flag.json",
		do: func(ctx *runContext, u unlocked, _ []string) ([]consent.DueItem, error) {
			rt, err := u.uc.RetentionDue()
			if err != nil {
				return nil, err
			}
			scheduleNote(ctx, rt.Mismatch)
			if rt.NoRecords {
				ctx.note("cli2.retention.noRecords")
			}
			return nonNil(rt.Due), nil
		},
		show: func(ctx *runContext, u unlocked, due []consent.DueItem) error {
			return writeDue(ctx, u, due)
		},
	}.build(c)
}

// Ropa is the "custodiactl ropa" command.
func ropaCommand() *command {
	c := newCommand("ropa", "[flags]", "cli3.cmd.ropa")
	c.help = "cli3.help.ropa"
	htmlOut := c.flags.String("html", "", "cli3.flag.html")
	csvOut := c.flags.String("csv", "", "cli3.flag.csv")
	ctrlFile := c.flags.String("controller", "", "cli3.flag.controller")
	return buildLeaf(c, noArgs, "cli3.flag.json", nil,
		func(ctx *runContext, u unlocked, _ []string) (consent.ROPA, error) {
			ctrl, err := controllerFor(ctx, u.uc, *ctrlFile)
			if err != nil {
				return consent.ROPA{}, err
			}
			return u.uc.ROPA(ctrl)
		},
		func(ctx *runContext, u unlocked, r consent.ROPA, asJSON bool) error {
			return writeROPA(ctx, r, *htmlOut, *csvOut, asJSON)
		})
}

func writeROPA(ctx *runContext, r consent.ROPA, htmlOut, csvOut string, asJSON bool) error {
	if htmlOut != "" {
		if err := writeFileAtomic(htmlOut, func(w io.Writer) error { return printdoc.ROPAHTML(w, ctx.words(), r) }); err != nil {
			return err
		}
	}
	if csvOut != "" {
		if err := writeFileAtomic(csvOut, r.WriteCSV); err != nil {
			return err
		}
	}
	switch {
	case asJSON:
		return writeJSON(ctx.stdout, r)
	case htmlOut != "" || csvOut != "":
		return ctx.say("cli2.ropa.written", "Count", len(r.Rows), "Files", strings.Join(nonEmpty(htmlOut, csvOut), ", "))
	}
	t := &table{}
	t.head(ctx.words(), "purpose", "lawfulBasis", "categories", "recipients", "transfers")
	for _, w := range printdoc.ROPAWorded(ctx.words(), r) {
		t.add(w.Purpose, w.Basis, w.Categories, orDash(strings.Join(w.Recipients, "; ")), orDash(strings.Join(w.Transfers, "; ")))
	}
	return t.write(ctx.stdout)
}

// Breach is the "custodiactl breach" group.
func breachCommand() *command {
	return newGroup("breach", "cli3.cmd.breach", breachAdd(), breachList(), breachNotify(), breachNotice())
}

func breachAdd() *command {
	c := newCommand("add", "[flags]", "cli3.cmd.breach.add")
	c.help = "cli3.help.breach.add"
	aware := c.flags.String("aware", "", "cli3.flag.aware")
	occurred := c.flags.String("occurred", "", "cli3.flag.occurred")
	nature := c.flags.String("nature", "", "cli3.flag.nature")
	description := c.flags.String("description", "", "cli3.flag.breach.add.description")
	categories := c.flags.String("categories", "", "cli3.flag.breach.add.categories")
	subjects := c.flags.String("subjects", "unknown", "cli3.flag.breach.add.subjects")
	records := c.flags.String("records", "unknown", "cli3.flag.records")
	consequences := c.flags.String("consequences", "", "cli3.flag.consequences")
	measures := c.flags.String("measures", "", "cli3.flag.measures")
	risk := c.flags.String("risk", "risk", "cli3.flag.breach.add.risk")
	reason := c.flags.String("decision-reason", "", "cli3.flag.breach.add.decision-reason")
	var b consent.Breach
	return leaf[consent.Breach]{nargs: noArgs, json: "cli3.flag.breach.add.json",
		check: func(ctx *runContext, _ []string) error {
			if *aware == "" || *nature == "" || *description == "" || *measures == "" || *consequences == "" {
				return usageErrorf("%s", ctx.words().T("cli2.breach.add.required"))
			}
			b = consent.Breach{ID: consent.NewID(), Nature: splitList(*nature), Description: *description,
				DataCategories: splitList(*categories), Consequences: *consequences, Measures: *measures, Risk: *risk, DecisionReason: *reason}
			var err error
			if b.SubjectsApprox, err = parseApproxFlag("--subjects", *subjects); err != nil {
				return err
			}
			if b.RecordsApprox, err = parseApproxFlag("--records", *records); err != nil {
				return err
			}
			if b.AwareAt, err = parseTimeFlag("--aware", *aware); err != nil {
				return err
			}
			if *occurred != "" {
				b.OccurredAt, err = parseTimeFlag("--occurred", *occurred)
			}
			return err
		},
		do: func(ctx *runContext, u unlocked, _ []string) (consent.Breach, error) {
			if b.AwareAt.After(u.uc.Now()) {
				return b, newExitError(exitValidation, nil, "%s", ctx.words().T("cli2.breach.add.future"))
			}
			b.RecordedBy = u.uc.Actor().UserID
			saved, err := u.uc.SaveBreach(b)
			return saved, consentMessage(err)
		},
		show: func(ctx *runContext, u unlocked, b consent.Breach) error {
			loc := ctx.words()
			return ctx.say("cliuuid.breach.recorded", "Breach", app.BreachText(loc, b), "ID", b.ID, "By", dateTime(loc, b.Deadline()), "Countdown", countdown(loc, b, u.uc.Now()))
		},
		asJSON: func(u unlocked, b consent.Breach) any { return toBreachJSON(b, u.uc.Now()) },
	}.build(c)
}

// breachJSON is a breach with its clock.
type breachJSON struct {
	consent.Breach
	Deadline         time.Time     `json:"deadline"`
	RemainingMinutes int64         `json:"remainingMinutes"`
	Clock            consent.Clock `json:"clock"`
}

func toBreachJSON(b consent.Breach, now time.Time) breachJSON {
	return breachJSON{Breach: b, Deadline: b.Deadline(), RemainingMinutes: int64(b.Remaining(now) / time.Minute), Clock: b.Clock(now)}
}

// countdown says how long is left of the 72 hours, or how late it is.
func countdown(loc *i18n.Localizer, b consent.Breach, now time.Time) string {
	if b.Clock(now) == consent.ClockClosed {
		if !b.AuthorityNotifiedAt.IsZero() {
			return loc.T("cli2.breach.notified", "When", dateTime(loc, b.AuthorityNotifiedAt))
		}
		return loc.T("cli2.breach.notRequired")
	}
	left := b.Remaining(now)
	if left <= 0 {
		return loc.T("cli2.breach.overdue", "Time", hoursMinutes(-left))
	}
	return loc.T("cli2.breach.left", "Time", hoursMinutes(left))
}

func hoursMinutes(d time.Duration) string {
	d = d.Truncate(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

func breachList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.breach.list")
	return clockedList(c, func(u unlocked) ([]consent.Breach, error) { return u.uc.Breaches() }, writeBreaches, toBreachJSON)
}

func writeBreaches(w io.Writer, loc *i18n.Localizer, bs []consent.Breach, now time.Time) error {
	t := &table{}
	t.head(loc, "id", "aware", "notifyBy", "countdown", "clock", "risk", "nature", "subjects", "records", "authorityRef")
	for _, b := range bs {
		nature := make([]string, len(b.Nature))
		for i, n := range b.Nature {
			nature[i] = loc.Label("nature", n, "")
		}
		t.add(b.ID, dateTime(loc, b.AwareAt), dateTime(loc, b.Deadline()), countdown(loc, b, now), clockName(loc, b.Clock(now)),
			loc.Label("risk", b.Risk, ""), strings.Join(nature, ","), approxText(loc, b.SubjectsApprox), approxText(loc, b.RecordsApprox),
			orDash(b.AuthorityReference))
	}
	return t.write(w)
}

// approxText is an approximate number, or "unknown", in the run's language.
func approxText(loc *i18n.Localizer, a consent.Approx) string {
	if s := a.String(); s != "unknown" {
		return s
	}
	return loc.T("cli2.unknown")
}

// parseApproxFlag reads an approximate number flag: a whole number or "unknown".
func parseApproxFlag(flag, v string) (consent.Approx, error) {
	a, err := consent.ParseApprox(v)
	if err != nil {
		return a, invalid(err, "cli4.breach.approx", "Flag", flag)
	}
	return a, nil
}

// writeDue prints the due list as the desktop shows it (app's wording):
// the record by its category, the person by name where the role may read
// identities, else by a short reference, the ground in the reader's
// language; the rule's id stays, the handle of "retention rules set".
func writeDue(ctx *runContext, u unlocked, due []consent.DueItem) error {
	loc := ctx.words()
	ids := make([]string, len(due))
	for i, d := range due {
		ids[i] = d.Item.SubjectID
	}
	names, err := u.uc.SubjectNames(ids)
	if err != nil {
		return err
	}
	t := &table{}
	t.head(loc, "dueSince", "patient", "record", "action", "rule", "legalSource")
	for _, d := range due {
		w := app.RetentionDueWords(loc, d)
		var who *app.Subject
		if s, ok := names[d.Item.SubjectID]; ok {
			who = &s
		}
		t.add(w.Since, app.SubjectText(loc, d.Item.SubjectID, who), w.Record, w.Action, orDash(d.RuleID), w.Ground)
	}
	return t.write(ctx.stdout)
}
