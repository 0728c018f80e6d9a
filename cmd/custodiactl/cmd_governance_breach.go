package main

import (
	"errors"
	"fmt"
	"io"

	"custodia/consent"
)

func breachNotify() *command {
	c := newCommand("notify", "[flags] ID", "record the notification of the authority and the decision about the patients")
	c.help = `--authority-at records when the supervisory authority was notified (it
stops the 72-hour clock); after 72 hours --delay-reason is required.
--subjects is the Art. 34 decision: notify, not-required, exempt-34-3-a
(data unintelligible), exempt-34-3-b (high risk no longer likely) or
exempt-34-3-c (public communication instead); --subjects-at records when
the patients were told.`
	vf := addVaultFlags(c.flags)
	authorityAt := c.flags.String("authority-at", "", "when the authority was notified, YYYY-MM-DDTHH:MM (UTC) or RFC 3339")
	reference := c.flags.String("reference", "", "the authority's case `reference` (kept and quoted on later notices)")
	delay := c.flags.String("delay-reason", "", "why the authority was notified after 72 hours")
	subjects := c.flags.String("subjects", "", "Art. 34 `decision` about telling the patients")
	subjectsAt := c.flags.String("subjects-at", "", "when the patients were told")
	reason := c.flags.String("decision-reason", "", "reasoning of the decisions (Art. 33(5))")
	risk := c.flags.String("risk", "", "revised risk: unlikely, risk or high")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		b, err := g.breach(args[0])
		if err != nil {
			return err
		}
		if err := applyNotify(&b, *authorityAt, *subjectsAt); err != nil {
			return err
		}
		b.AuthorityReference = orDefault(*reference, b.AuthorityReference)
		b.DelayReason = orDefault(*delay, b.DelayReason)
		b.SubjectsDecision = orDefault(*subjects, b.SubjectsDecision)
		b.DecisionReason = orDefault(*reason, b.DecisionReason)
		b.Risk = orDefault(*risk, b.Risk)
		if b, err = g.store.PutBreach(g.ctx, b); err != nil {
			return consentMessage(err)
		}
		fmt.Fprintf(ctx.stdout, "breach %s: %s\n", b.ID, countdown(b, g.now))
		return nil
	}
	return c
}

func applyNotify(b *consent.Breach, authorityAt, subjectsAt string) error {
	var err error
	if authorityAt != "" {
		if b.AuthorityNotifiedAt, err = parseTimeFlag("--authority-at", authorityAt); err != nil {
			return err
		}
	}
	if subjectsAt != "" {
		if b.SubjectsNotifiedAt, err = parseTimeFlag("--subjects-at", subjectsAt); err != nil {
			return err
		}
	}
	return nil
}

// breach loads a log entry with a not-found message naming the id.
func (g *gdpr) breach(id string) (consent.Breach, error) {
	b, err := g.store.GetBreach(g.ctx, id)
	if errors.Is(err, consent.ErrNotFound) {
		return b, newExitError(exitNotFound, err, "no breach with id %s", safeID(id))
	}
	return b, err
}

func breachNotice() *command {
	c := newCommand("notice", "[flags] ID", "write the notification to the authority (Art. 33(3)) and the letter to patients (Art. 34)")
	vf := addVaultFlags(c.flags)
	authority := c.flags.String("authority", "", "write the authority notification to `file`")
	subjects := c.flags.String("subjects", "", "write the letter to the patients to `file` (decision must be notify)")
	ctrlFile := c.flags.String("controller", "", "controller details `file` (default $"+envController+", else the stored practice details)")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		if *authority == "" && *subjects == "" {
			return usageErrorf("breach notice: give --authority FILE and/or --subjects FILE")
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		ctrl, err := g.controller(ctx, *ctrlFile)
		if err != nil {
			return err
		}
		b, err := g.breach(args[0])
		if err != nil {
			return err
		}
		if *subjects != "" {
			// Refuse before writing anything: no authority file without the letter asked for.
			if err := b.SubjectNoticeAllowed(); err != nil {
				return consentMessage(err)
			}
		}
		if *authority != "" {
			if err := writeFileAtomic(*authority, func(w io.Writer) error { return b.WriteAuthorityNotice(w, ctrl) }); err != nil {
				return err
			}
		}
		if *subjects != "" {
			if err := writeFileAtomic(*subjects, func(w io.Writer) error { return b.WriteSubjectNotice(w, ctrl) }); err != nil {
				return consentMessage(err)
			}
		}
		fmt.Fprintf(ctx.stdout, "breach %s: notices written: %v\n", b.ID, nonEmpty(*authority, *subjects))
		return nil
	}
	return c
}
