package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/consent"
)

// Retention is the "custodiactl retention" group.
func (commandSet) Retention() *command {
	return newGroup("retention", "retention schedule: records whose period has ended", retentionDue(), retentionRules(), retentionPurge())
}

func retentionDue() *command {
	c := newCommand("due", "[flags]", "records whose retention period has ended, oldest first")
	c.help = `Lists stored records whose retention period (see retention rules) ended
on or before now and that are not on hold, and what erasures kept under
GDPR Art. 17(3) once its keep-until date has passed (kept:PATIENT; remove
it with "retention purge"). Deleting needs the DPO's approval.`
	vf := addVaultFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		rules, err := g.store.ListRetentionRules(g.ctx)
		if err != nil {
			return err
		}
		g.scheduleNote(ctx.stderr, rules)
		items, err := g.retentionItems(ctx.stderr)
		if err != nil {
			return err
		}
		due := consent.DueForDeletion(items, rules, g.now)
		if *asJSON {
			return writeJSON(ctx.stdout, nonNil(due))
		}
		t := &table{}
		t.add("DUE SINCE", "RECORD", "PATIENT", "CATEGORY", "ACTION", "RULE", "LEGAL SOURCE")
		for _, d := range due {
			t.add(d.DueSince.Format(dateLayout), d.Item.RecordID, orDash(d.Item.SubjectID), string(d.Item.Category),
				string(d.Action), orDash(d.RuleID), d.LegalSource)
		}
		return t.write(ctx.stdout)
	}
	return c
}

// Ropa is the "custodiactl ropa" command.
func (commandSet) Ropa() *command {
	c := newCommand("ropa", "[flags]", "records of processing activities (GDPR Art. 30)")
	c.help = `Built from the purpose catalogue and the retention schedule. The controller
details come from --controller (JSON: name, address, country, email, phone,
url, dpoContact), else those stored by "practice set". Without --html or --csv a summary goes to stdout.`
	vf := addVaultFlags(c.flags)
	htmlOut := c.flags.String("html", "", "write the printable page to `file`")
	csvOut := c.flags.String("csv", "", "write one CSV row per processing activity to `file`")
	ctrlFile := c.flags.String("controller", "", "controller details `file` (default $"+envController+", else the stored practice details)")
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		ctrl, err := g.controller(ctx, *ctrlFile)
		if err != nil {
			return err
		}
		r, err := g.ropa(ctrl)
		if err != nil {
			return err
		}
		return writeROPA(ctx, r, *htmlOut, *csvOut, *asJSON)
	}
	return c
}

func (g *gdpr) ropa(ctrl consent.Controller) (consent.ROPA, error) {
	ps, err := g.store.ListPurposes(g.ctx)
	if err != nil {
		return consent.ROPA{}, err
	}
	rules, err := g.store.ListRetentionRules(g.ctx)
	if err != nil {
		return consent.ROPA{}, err
	}
	var controls []consent.Control
	if g.controls != nil {
		controls = g.controls()
	}
	return consent.BuildROPA(ctrl, ps, rules, controls, g.now), nil
}

func writeROPA(ctx *runContext, r consent.ROPA, htmlOut, csvOut string, asJSON bool) error {
	if htmlOut != "" {
		if err := writeFileAtomic(htmlOut, r.WriteHTML); err != nil {
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
		fmt.Fprintf(ctx.stdout, "records of processing (%d activities) written: %s\n", len(r.Rows), strings.Join(nonEmpty(htmlOut, csvOut), ", "))
		return nil
	}
	t := &table{}
	t.add("PURPOSE", "LAWFUL BASIS", "CATEGORIES", "RECIPIENTS", "TRANSFERS")
	for _, row := range r.Rows {
		t.add(row.PurposeID, row.Basis, strings.Join(row.DataCategories, ", "), orDash(strings.Join(row.Recipients, "; ")),
			orDash(strings.Join(row.Transfers, "; ")))
	}
	return t.write(ctx.stdout)
}

// Breach is the "custodiactl breach" group.
func (commandSet) Breach() *command {
	return newGroup("breach", "breach log with the 72-hour notification clock (GDPR Art. 33)", breachAdd(), breachList(), breachNotify(), breachNotice())
}

func breachAdd() *command {
	c := newCommand("add", "[flags]", "record a personal data breach and start its 72-hour clock")
	c.help = `The 72 hours to notify the supervisory authority (Art. 33(1)) run from
--aware. Describe the incident, never individual patients. --risk
unlikely needs --decision-reason (Art. 33(5)).`
	vf := addVaultFlags(c.flags)
	aware := c.flags.String("aware", "", "when the practice became aware, YYYY-MM-DDTHH:MM (UTC) or RFC 3339 (required)")
	occurred := c.flags.String("occurred", "", "when the breach happened, if known")
	nature := c.flags.String("nature", "", "confidentiality, integrity and/or availability, comma-separated (required)")
	description := c.flags.String("description", "", "what happened (required)")
	categories := c.flags.String("categories", "", "data `categories` concerned, comma-separated")
	subjects := c.flags.String("subjects", "unknown", "approximate `number` of patients concerned, or unknown")
	records := c.flags.String("records", "unknown", "approximate `number` of records concerned, or unknown")
	consequences := c.flags.String("consequences", "", "likely consequences, or \"unknown\" (required)")
	measures := c.flags.String("measures", "", "measures taken or proposed (required)")
	risk := c.flags.String("risk", "risk", "unlikely, risk or high")
	reason := c.flags.String("decision-reason", "", "why the risk was assessed so")
	asJSON := c.flags.Bool("json", false, "print the entry as JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if *aware == "" || *nature == "" || *description == "" || *measures == "" || *consequences == "" {
			return usageErrorf("breach add: --aware, --nature, --description, --consequences (or \"unknown\") and --measures are required")
		}
		b := consent.Breach{ID: consent.NewID(), Nature: splitList(*nature), Description: *description,
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
			if b.OccurredAt, err = parseTimeFlag("--occurred", *occurred); err != nil {
				return err
			}
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		if b.AwareAt.After(g.now) {
			return newExitError(exitValidation, nil, "--aware is in the future")
		}
		b.RecordedBy = g.actor.UserID
		b, err = g.store.PutBreach(g.ctx, b)
		if err != nil {
			return consentMessage(err)
		}
		if *asJSON {
			return writeJSON(ctx.stdout, toBreachJSON(b, g.now))
		}
		fmt.Fprintf(ctx.stdout, "breach %s recorded; notify the supervisory authority by %s (%s)\n",
			b.ID, dateTime(b.Deadline()), countdown(b, g.now))
		return nil
	}
	return c
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
func countdown(b consent.Breach, now time.Time) string {
	if b.Clock(now) == consent.ClockClosed {
		if !b.AuthorityNotifiedAt.IsZero() {
			return "authority notified " + dateTime(b.AuthorityNotifiedAt)
		}
		return "no notification required"
	}
	left := b.Remaining(now)
	if left <= 0 {
		return "OVERDUE by " + hoursMinutes(-left)
	}
	return hoursMinutes(left) + " left"
}

func hoursMinutes(d time.Duration) string {
	d = d.Truncate(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

func breachList() *command {
	c := newCommand("list", "[flags]", "the breach log with the 72-hour countdown")
	vf := addVaultFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		bs, err := g.store.ListBreaches(g.ctx)
		if err != nil {
			return err
		}
		return writeBreaches(ctx.stdout, bs, g.now, *asJSON)
	}
	return c
}

func writeBreaches(w io.Writer, bs []consent.Breach, now time.Time, asJSON bool) error {
	if asJSON {
		out := make([]breachJSON, len(bs))
		for i, b := range bs {
			out[i] = toBreachJSON(b, now)
		}
		return writeJSON(w, out)
	}
	t := &table{}
	t.add("ID", "AWARE", "NOTIFY BY", "COUNTDOWN", "CLOCK", "RISK", "NATURE", "SUBJECTS", "RECORDS", "AUTHORITY REF")
	for _, b := range bs {
		t.add(b.ID, dateTime(b.AwareAt), dateTime(b.Deadline()), countdown(b, now), strings.ToUpper(string(b.Clock(now))),
			b.Risk, strings.Join(b.Nature, ","), b.SubjectsApprox.String(), b.RecordsApprox.String(), orDash(b.AuthorityReference))
	}
	return t.write(w)
}

// parseApproxFlag reads an approximate number flag: a whole number or "unknown".
func parseApproxFlag(flag, v string) (consent.Approx, error) {
	a, err := consent.ParseApprox(v)
	if err != nil {
		return a, newExitError(exitValidation, err, "%s: want a whole number or \"unknown\"", flag)
	}
	return a, nil
}
