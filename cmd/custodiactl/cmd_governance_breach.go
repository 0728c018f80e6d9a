package main

import (
	"errors"
	"io"
	"strings"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
)

func breachNotify() *command {
	c := newCommand("notify", "[flags] ID", "record the notification of the authority and the decision about the patients")
	c.help = `--authority-at records when the supervisory authority was notified (it
stops the 72-hour clock); after 72 hours --delay-reason is required.
--subjects is the Art. 34 decision: notify, not-required, exempt-34-3-a
(data unintelligible), exempt-34-3-b (high risk no longer likely) or
exempt-34-3-c (public communication instead); --subjects-at records when
the patients were told.`
	authorityAt := c.flags.String("authority-at", "", "when the authority was notified, YYYY-MM-DDTHH:MM (UTC) or RFC 3339")
	reference := c.flags.String("reference", "", "the authority's case `reference` (kept and quoted on later notices)")
	delay := c.flags.String("delay-reason", "", "why the authority was notified after 72 hours")
	subjects := c.flags.String("subjects", "", "Art. 34 `decision` about telling the patients")
	subjectsAt := c.flags.String("subjects-at", "", "when the patients were told")
	reason := c.flags.String("decision-reason", "", "reasoning of the decisions (Art. 33(5))")
	risk := c.flags.String("risk", "", "revised risk: unlikely, risk or high")
	return leaf[consent.Breach]{nargs: exactArgs(1),
		do: func(ctx *runContext, u unlocked, args []string) (consent.Breach, error) {
			b, err := breach(ctx, u.uc, args[0])
			if err != nil {
				return b, err
			}
			if err := applyNotify(&b, *authorityAt, *subjectsAt); err != nil {
				return b, err
			}
			b.AuthorityReference = orDefault(*reference, b.AuthorityReference)
			b.DelayReason = orDefault(*delay, b.DelayReason)
			b.SubjectsDecision = orDefault(*subjects, b.SubjectsDecision)
			b.DecisionReason = orDefault(*reason, b.DecisionReason)
			b.Risk = orDefault(*risk, b.Risk)
			b, err = u.uc.SaveBreach(b)
			return b, consentMessage(err)
		},
		show: func(ctx *runContext, u unlocked, b consent.Breach) error {
			return ctx.say("cli2.breach.state", "ID", b.ID, "Countdown", countdown(ctx.words(), b, u.uc.Now()))
		},
	}.build(c)
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
func breach(ctx *runContext, uc *app.Session, id string) (consent.Breach, error) {
	b, err := uc.Store().GetBreach(uc.Context(), id)
	if errors.Is(err, consent.ErrNotFound) {
		return b, newExitError(exitNotFound, err, "%s", ctx.words().T("cli2.breach.notFound", "ID", safeID(id)))
	}
	return b, err
}

func breachNotice() *command {
	c := newCommand("notice", "[flags] ID", "write the notification to the authority (Art. 33(3)) and the letter to patients (Art. 34)")
	authority := c.flags.String("authority", "", "write the authority notification to `file`")
	subjects := c.flags.String("subjects", "", "write the letter to the patients to `file` (decision must be notify)")
	ctrlFile := c.flags.String("controller", "", "controller details `file` (default $"+envController+", else the stored practice details)")
	return leaf[consent.Breach]{nargs: exactArgs(1),
		check: func(ctx *runContext, _ []string) error {
			if *authority == "" && *subjects == "" {
				return usageErrorf("%s", ctx.words().T("cli2.breach.notice.required"))
			}
			return nil
		},
		do: func(ctx *runContext, u unlocked, args []string) (consent.Breach, error) {
			ctrl, err := controllerFor(ctx, u.uc, *ctrlFile)
			if err != nil {
				return consent.Breach{}, err
			}
			b, err := breach(ctx, u.uc, args[0])
			if err != nil {
				return b, err
			}
			return b, writeNotices(ctx.words(), b, ctrl, *authority, *subjects, u.uc.Now())
		},
		show: func(ctx *runContext, _ unlocked, b consent.Breach) error {
			return ctx.say("cli2.breach.noticesWritten", "ID", b.ID, "Files", strings.Join(nonEmpty(*authority, *subjects), ", "))
		},
	}.build(c)
}

// writeNotices writes the notices asked for; it refuses before writing
// anything when the letter to the patients is not allowed.
func writeNotices(loc *i18n.Localizer, b consent.Breach, ctrl consent.Controller, authority, subjects string, now time.Time) error {
	if subjects != "" {
		if err := b.SubjectNoticeAllowed(); err != nil {
			return consentMessage(err)
		}
	}
	if authority != "" {
		if err := writeFileAtomic(authority, func(w io.Writer) error { return printdoc.AuthorityNoticeText(w, loc, b, ctrl, now) }); err != nil {
			return err
		}
	}
	if subjects != "" {
		if err := writeFileAtomic(subjects, func(w io.Writer) error { return printdoc.SubjectLetterText(w, loc, b, ctrl, printdoc.Person{}, now) }); err != nil {
			return consentMessage(err)
		}
	}
	return nil
}
