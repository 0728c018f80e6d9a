package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"

	"custodia/assets"
	"custodia/consent"
)

// shippedSchedules loads the retention schedules shipped per country.
func shippedSchedules() (consent.Schedules, error) {
	s, err := consent.LoadSchedules(bytes.NewReader(assets.RetentionSchedulesJSON()))
	if err != nil {
		return nil, fmt.Errorf("shipped retention schedules: %w", err)
	}
	return s, nil
}

// schedule is the shipped schedule for the practice's country (German when
// no country is stored), used to seed an empty vault.
func (g *gdpr) schedule() ([]consent.RetentionRule, error) {
	s, err := shippedSchedules()
	if err != nil {
		return nil, err
	}
	j, err := g.jurisdiction()
	if err != nil {
		return nil, err
	}
	return s.For(consent.ParseJurisdiction(j).Country), nil
}

func retentionRules() *command {
	return newGroup("rules", "the retention schedule: period, start and legal source per record category",
		retentionRulesList(), retentionRulesSet(), retentionRulesDelete())
}

func retentionRulesList() *command {
	c := newCommand("list", "[flags]", "list the retention rules")
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
		if *asJSON {
			return writeJSON(ctx.stdout, nonNil(rules))
		}
		return writeRules(ctx.stdout, rules)
	}
	return c
}

func writeRules(w io.Writer, rules []consent.RetentionRule) error {
	t := &table{}
	t.add("RULE", "RECORDS", "PERIOD", "COUNTS FROM", "COUNTRY", "AT THE END", "ART. 17(3)", "LEGAL SOURCE")
	for _, r := range rules {
		t.add(r.ID, r.Category.Label(), periodText(r), countsFrom(r), orDash(r.Country), string(r.OnExpiry),
			orDash(r.ExceptionText()), r.LegalSource)
	}
	return t.write(w)
}

func periodText(r consent.RetentionRule) string {
	switch {
	case r.Months == 0:
		return fmt.Sprintf("%d years", r.Years)
	case r.Years == 0:
		return fmt.Sprintf("%d months", r.Months)
	}
	return fmt.Sprintf("%d years %d months", r.Years, r.Months)
}

// countsFrom says when a rule's period starts, for people.
func countsFrom(r consent.RetentionRule) string {
	if r.CountsFromYearEnd() && r.Trigger != consent.TriggerYearEnd {
		return "end of the year of " + strings.TrimPrefix(r.Trigger.Label(), "the ")
	}
	return r.Trigger.Label()
}

// ruleFlags are the fields "retention rules set" can change.
type ruleFlags struct {
	category, trigger, source, exception, onExpiry, country string
	years, months                                           int
	yearEnd                                                 bool
}

func retentionRulesSet() *command {
	c := newCommand("set", "[flags] RULE-ID", "create or change a retention rule (DPO or administrator)")
	c.help = `Changes the flags given on an existing rule, or creates a rule (then
--category, --years or --months, --from, --source and --on-expiry are
required). Categories: identity, contact, clinical, billing, consents,
requests, disclosures, audit. --from: last-treatment, created, closed or
year-end; --year-end starts the period at the end of that year (e.g.
§ 199 BGB). --exception is the Art. 17(3) point (b, c, d, e) that keeps the
records against an erasure request. --country ties the rule to a country's
schedule (it goes when the practice's country changes); without it the rule
is the practice's own.`
	vf := addVaultFlags(c.flags)
	var rf ruleFlags
	c.flags.StringVar(&rf.category, "category", "", "record `category`")
	c.flags.IntVar(&rf.years, "years", 0, "period in `years`")
	c.flags.IntVar(&rf.months, "months", 0, "further `months`")
	c.flags.StringVar(&rf.trigger, "from", "", "what the period counts from: last-treatment, created, closed, year-end")
	c.flags.BoolVar(&rf.yearEnd, "year-end", false, "count from the end of the year (--year-end=false to stop)")
	c.flags.StringVar(&rf.source, "source", "", "the law or reason that sets the period (required)")
	c.flags.StringVar(&rf.exception, "exception", "", "Art. 17(3) `point` b, c, d or e; empty for none")
	c.flags.StringVar(&rf.onExpiry, "on-expiry", "", "erase or anonymise")
	c.flags.StringVar(&rf.country, "country", "", "`country` whose schedule the rule belongs to; empty for the practice's own")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		set := map[string]bool{}
		c.flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if len(set) == 0 || (len(set) == 1 && (set["vault"] || set["user"])) {
			return usageErrorf("retention rules set: give the fields to change")
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		r, err := g.ruleOrNew(args[0])
		if err != nil {
			return err
		}
		r = rf.apply(r, set)
		stored, err := g.store.PutRetentionRule(g.ctx, r)
		if err != nil {
			return consentMessage(err)
		}
		fmt.Fprintf(ctx.stdout, "retention rule %s stored (version %d): %s %s from %s\n", stored.ID, stored.Version,
			stored.Category.Label(), periodText(stored), countsFrom(stored))
		return nil
	}
	return c
}

// apply changes the fields whose flags were given.
func (rf ruleFlags) apply(r consent.RetentionRule, set map[string]bool) consent.RetentionRule {
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
		r.LegalSource = strings.TrimSpace(rf.source)
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
	c := newCommand("delete", "[flags] RULE-ID", "delete a retention rule (records of its category are then kept until a rule exists)")
	vf := addVaultFlags(c.flags)
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		r, err := g.ruleOrNew(args[0])
		if err != nil {
			return err
		}
		if r.Version == 0 {
			return newExitError(exitNotFound, consent.ErrNotFound, "no retention rule %s", safeID(args[0]))
		}
		if err := g.store.DeleteRetentionRule(g.ctx, r.ID, r.Version); err != nil {
			return consentMessage(err)
		}
		fmt.Fprintf(ctx.stdout, "retention rule %s deleted\n", r.ID)
		return nil
	}
	return c
}

// ruleOrNew returns the stored rule with the id, or a new rule (version 0)
// with that id.
func (g *gdpr) ruleOrNew(id string) (consent.RetentionRule, error) {
	rules, err := g.store.ListRetentionRules(g.ctx)
	if err != nil {
		return consent.RetentionRule{}, err
	}
	for _, r := range rules {
		if r.ID == id {
			return r, nil
		}
	}
	return consent.RetentionRule{ID: id}, nil
}

// scheduleNote warns on w when the stored rules are another country's
// schedule than the practice's (a vault whose country was set before
// schedules followed it): "practice set" switches them.
func (g *gdpr) scheduleNote(w io.Writer, rules []consent.RetentionRule) {
	j, err := g.jurisdiction()
	country := consent.ParseJurisdiction(j).Country
	if err != nil || country == "" {
		return
	}
	shipped, err := shippedSchedules()
	if err != nil || len(shipped.For(country)) == 0 {
		return
	}
	for _, r := range rules {
		if r.Country == country {
			return
		}
	}
	for _, r := range rules {
		if r.Country != "" {
			fmt.Fprintf(w, "note: the retention rules are the schedule of %s, but the practice is in %s: run \"custodiactl practice set --country %s\" to switch\n",
				consent.CountryName(r.Country), consent.CountryName(country), country)
			return
		}
	}
}
