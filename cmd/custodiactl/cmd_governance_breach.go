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
	c := newCommand("notify", "[flags] ID", "cli3.cmd.breach.notify")
	c.help = "cli3.help.breach.notify"
	authorityAt := c.flags.String("authority-at", "", "cli3.flag.authority-at")
	reference := c.flags.String("reference", "", "cli3.flag.reference")
	delay := c.flags.String("delay-reason", "", "cli3.flag.delay-reason")
	subjects := c.flags.String("subjects", "", "cli3.flag.breach.notify.subjects")
	subjectsAt := c.flags.String("subjects-at", "", "cli3.flag.subjects-at")
	reason := c.flags.String("decision-reason", "", "cli3.flag.breach.notify.decision-reason")
	risk := c.flags.String("risk", "", "cli3.flag.breach.notify.risk")
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
			return ctx.say("cliuuid.breach.state", "Breach", app.BreachText(ctx.words(), b), "Countdown", countdown(ctx.words(), b, u.uc.Now()))
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
	c := newCommand("notice", "[flags] ID", "cli3.cmd.breach.notice")
	authority := c.flags.String("authority", "", "cli3.flag.authority")
	subjects := c.flags.String("subjects", "", "cli3.flag.breach.notice.subjects")
	ctrlFile := c.flags.String("controller", "", "cli3.flag.controller")
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
			return ctx.say("cliuuid.breach.noticesWritten", "Breach", app.BreachText(ctx.words(), b), "Files", strings.Join(nonEmpty(*authority, *subjects), ", "))
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
