package main

import (
	"flag"
	"io"
	"strings"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
)

func retentionRules() *command {
	return newGroup("rules", "cli3.cmd.retention.rules",
		retentionRulesList(), retentionRulesSet(), retentionRulesDelete())
}

func retentionRulesList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.retention.rules.list")
	return leaf[[]consent.RetentionRule]{nargs: noArgs, json: "cli3.flag.json",
		do: func(ctx *runContext, u unlocked, _ []string) ([]consent.RetentionRule, error) {
			rules, err := u.uc.RetentionRules()
			if err != nil {
				return nil, err
			}
			m, err := u.uc.ScheduleMismatch(rules)
			if err != nil {
				return nil, err
			}
			scheduleNote(ctx, m)
			return nonNil(rules), nil
		},
		show: func(ctx *runContext, _ unlocked, rules []consent.RetentionRule) error {
			return writeRules(ctx.stdout, ctx.words(), rules)
		},
	}.build(c)
}

func writeRules(w io.Writer, loc *i18n.Localizer, rules []consent.RetentionRule) error {
	t := &table{}
	t.head(loc, "rule", "records", "period", "countsFrom", "country", "atTheEnd", "art173", "legalSource")
	for _, r := range rules { // worded as the desktop's retention plan
		w := app.RetentionRuleWords(loc, r)
		t.add(r.ID, w.Records, w.Period, w.CountsFrom, orDash(w.Country), w.OnExpiry, orDash(w.Exception), w.Source)
	}
	return t.write(w)
}

// ruleFlags are the fields "retention rules set" can change.
type ruleFlags struct {
	category, trigger, source, exception, onExpiry, country string
	years, months                                           int
	yearEnd                                                 bool
}

func retentionRulesSet() *command {
	c := newCommand("set", "[flags] RULE-ID", "cli3.cmd.retention.rules.set")
	c.help = "cli3.help.retention.rules.set"
	var rf ruleFlags
	c.flags.StringVar(&rf.category, "category", "", "cli3.flag.retention.rules.set.category")
	c.flags.IntVar(&rf.years, "years", 0, "cli3.flag.years")
	c.flags.IntVar(&rf.months, "months", 0, "cli3.flag.retention.rules.set.months")
	c.flags.StringVar(&rf.trigger, "from", "", "cli3.flag.retention.rules.set.from")
	c.flags.BoolVar(&rf.yearEnd, "year-end", false, "cli3.flag.year-end")
	c.flags.StringVar(&rf.source, "source", "", "cli3.flag.source")
	c.flags.StringVar(&rf.exception, "exception", "", "cli3.flag.exception")
	c.flags.StringVar(&rf.onExpiry, "on-expiry", "", "cli3.flag.on-expiry")
	c.flags.StringVar(&rf.country, "country", "", "cli3.flag.retention.rules.set.country")
	set := map[string]bool{}
	return leaf[consent.RetentionRule]{nargs: exactArgs(1),
		check: func(ctx *runContext, _ []string) error {
			c.flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
			if len(set) == 0 || (len(set) == 1 && (set["vault"] || set["user"])) {
				return usageErrorf("%s", ctx.words().T("cli2.retention.set.required"))
			}
			return nil
		},
		do: func(ctx *runContext, u unlocked, args []string) (consent.RetentionRule, error) {
			r, err := u.uc.RetentionRule(args[0])
			if err != nil {
				return r, err
			}
			stored, err := u.uc.SaveRetentionRule(rf.apply(ctx.words(), r, set))
			return stored, consentMessage(err)
		},
		show: func(ctx *runContext, _ unlocked, r consent.RetentionRule) error {
			w := app.RetentionRuleWords(ctx.words(), r)
			return ctx.say("cli2.retention.stored", "ID", r.ID, "Version", r.Version, "Records", w.Records, "Period", w.Period, "From", w.CountsFrom)
		},
	}.build(c)
}

// apply changes the fields whose flags were given; a --source that is the
// rule's source as "rules list" words it in loc's language keeps the
// stored text (a shipped rule stays translated), as the desktop's form.
func (rf ruleFlags) apply(loc *i18n.Localizer, r consent.RetentionRule, set map[string]bool) consent.RetentionRule {
	if set["category"] {
		r.Category = consent.RecordCategory(rf.category)
	}
	if set["years"] {
		r.Years = rf.years
	}
	if set["months"] {
		r.Months = rf.months
	}
	if set["from"] {
		r.Trigger = consent.Trigger(rf.trigger)
	}
	if set["year-end"] {
		r.YearEnd = rf.yearEnd
	}
	if set["source"] {
		r.LegalSource = app.EditedLegalSource(loc, r, rf.source)
	}
	if set["exception"] {
		r.Exception = strings.TrimSpace(rf.exception)
	}
	if set["on-expiry"] {
		r.OnExpiry = consent.Action(rf.onExpiry)
	}
	if set["country"] {
		r.Country = strings.ToUpper(strings.TrimSpace(rf.country))
	}
	return r
}

func retentionRulesDelete() *command {
	c := newCommand("delete", "[flags] RULE-ID", "cli3.cmd.retention.rules.delete")
	return leaf[string]{nargs: exactArgs(1),
		do: func(_ *runContext, u unlocked, args []string) (string, error) {
			return args[0], consentMessage(u.uc.DeleteRetentionRule(args[0]))
		},
		show: func(ctx *runContext, _ unlocked, id string) error {
			return ctx.say("cli2.retention.deleted", "ID", safeID(id))
		},
	}.build(c)
}

// scheduleNote warns on w when the stored rules are another country's
// schedule than the practice's (a vault whose country was set before
// schedules followed it): "practice set" switches them.
func scheduleNote(ctx *runContext, m *app.Mismatch) {
	if m == nil {
		return
	}
	loc := ctx.words()
	ctx.note("cli2.retention.mismatch", "Stored", loc.Country(m.Stored), "Practice", loc.Country(m.Practice), "Country", m.Practice)
}
