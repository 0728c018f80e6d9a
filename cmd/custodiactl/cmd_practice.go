package main

import (
	"errors"
	"flag"
	"os"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// Practice is the "custodiactl practice" command.
func practiceCommand() *command {
	return newGroup("practice", "cli3.cmd.practice",
		practiceShow(), practiceSet())
}

func practiceShow() *command {
	c := newCommand("show", "[flags]", "cli3.cmd.practice.show")
	return leaf[consent.Controller]{nargs: noArgs, json: "cli3.flag.practice.show.json",
		do: func(ctx *runContext, u unlocked, _ []string) (consent.Controller, error) {
			p, err := u.uc.Practice()
			if errors.Is(err, vault.ErrNotFound) {
				return p, newExitError(exitNotFound, err, "%s", ctx.words().T("cli2.practice.none"))
			}
			return p, err
		},
		show: func(ctx *runContext, _ unlocked, p consent.Controller) error {
			loc := ctx.words()
			dpoName, dpoEmail := vault.SplitDPOContact(p.DPOContact)
			t := &table{}
			t.head(loc, "field", "value")
			for _, row := range [][2]string{{"name", p.Name}, {"address", p.Address}, {"country", countryText(loc, p.Country)},
				{"region", regionText(loc, p)}, {"email", p.Email}, {"phone", p.Phone}, {"url", p.URL}, {"dpoName", dpoName}, {"dpoEmail", dpoEmail}} {
				t.add(loc.T("cli2.practice.field."+row[0]), row[1])
			}
			return t.write(ctx.stdout)
		},
	}.build(c)
}

// practiceFlags are the fields "practice set" can change.
type practiceFlags struct {
	name, address, country, region, email, phone, url, dpoName, dpoEmail string
	from                                                                 string
}

func practiceSet() *command {
	c := newCommand("set", "[flags]", "cli3.cmd.practice.set")
	c.help = "cli3.help.practice.set"
	var pf practiceFlags
	c.flags.StringVar(&pf.name, "name", "", "cli3.flag.practice.set.name")
	c.flags.StringVar(&pf.address, "address", "", "cli3.flag.practice.set.address")
	c.flags.StringVar(&pf.country, "country", "", "cli3.flag.practice.set.country")
	c.flags.StringVar(&pf.region, "region", "", "cli3.flag.region")
	c.flags.StringVar(&pf.email, "email", "", "cli3.flag.practice.set.email")
	c.flags.StringVar(&pf.phone, "phone", "", "cli3.flag.practice.set.phone")
	c.flags.StringVar(&pf.url, "url", "", "cli3.flag.url")
	c.flags.StringVar(&pf.dpoName, "dpo-name", "", "cli3.flag.dpo-name")
	c.flags.StringVar(&pf.dpoEmail, "dpo-email", "", "cli3.flag.dpo-email")
	c.flags.StringVar(&pf.from, "from", "", "cli3.flag.practice.set.from")
	return leaf[vault.ScheduleResult]{nargs: noArgs,
		do: func(ctx *runContext, u unlocked, _ []string) (vault.ScheduleResult, error) {
			set := map[string]bool{}
			c.flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
			p, err := practiceBase(ctx, u.uc, pf.from)
			if err != nil {
				return vault.ScheduleResult{}, err
			}
			if set["country"] && !set["region"] {
				p.Region = "" // a region belongs to its country
			}
			return u.uc.SetPractice(pf.apply(p, set))
		},
		show: func(ctx *runContext, _ unlocked, res vault.ScheduleResult) error {
			ctx.say("cli2.practice.stored")
			printSchedule(ctx, res)
			return nil
		},
	}.build(c)
}

// practiceBase is what "practice set" starts from: the file, else the
// stored details, else nothing.
func practiceBase(ctx *runContext, uc *app.Session, file string) (consent.Controller, error) {
	var p consent.Controller
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return p, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", "--from", "File", file)
		}
		if err := strictJSON(data, &p); err != nil {
			return p, invalid(err, "cli4.badFile", "Flag", "--from", "File", file, "Problem", jsonProblem{err})
		}
		return p, nil
	}
	p, err := uc.Practice()
	if errors.Is(err, vault.ErrNotFound) {
		return consent.Controller{}, nil
	}
	return p, err
}

// apply changes the fields whose flags were given.
func (pf practiceFlags) apply(p consent.Controller, set map[string]bool) consent.Controller {
	for name, pair := range map[string]struct {
		dst *string
		v   string
	}{
		"name": {&p.Name, pf.name}, "address": {&p.Address, pf.address}, "country": {&p.Country, pf.country}, "region": {&p.Region, pf.region},
		"email": {&p.Email, pf.email}, "phone": {&p.Phone, pf.phone}, "url": {&p.URL, pf.url},
	} {
		if set[name] {
			*pair.dst = pair.v
		}
	}
	if set["dpo-name"] || set["dpo-email"] {
		name, email := vault.SplitDPOContact(p.DPOContact)
		if set["dpo-name"] {
			name = pf.dpoName
		}
		if set["dpo-email"] {
			email = pf.dpoEmail
		}
		p.DPOContact = vault.DPOContact(name, email)
	}
	return p
}

// countryText is the country as people read it, with the code to type
// (--country), like the region: "DE (Deutschland)".
func countryText(loc *i18n.Localizer, code string) string {
	if code == "" {
		return ""
	}
	return code + " (" + loc.Country(code) + ")"
}

// regionText is the region as people read it, with the code to type:
// "BY (Bayern)".
func regionText(loc *i18n.Localizer, p consent.Controller) string {
	if p.Region == "" {
		return ""
	}
	return p.Region + " (" + loc.Region(p.Country, p.Region) + ")"
}

// printSchedule says what the country did to the retention schedule.
func printSchedule(ctx *runContext, res vault.ScheduleResult) {
	switch {
	case !res.Shipped:
		ctx.say("cli2.practice.noSchedule", "Country", ctx.words().Country(res.Country))
	case res.Removed+res.Added > 0:
		ctx.say("cli2.practice.schedule", "Country", ctx.words().Country(res.Country), "Added", res.Added, "Removed", res.Removed)
	}
}
