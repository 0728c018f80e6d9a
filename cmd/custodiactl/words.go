package main

import (
	"fmt"
	"strings"

	"custodia/i18n"
)

// say prints one message for people (id of the run's catalogue, with its
// named arguments as pairs) on stdout.
func (ctx *runContext) say(id string, pairs ...any) error {
	_, err := fmt.Fprintln(ctx.stdout, ctx.words().T(id, pairs...))
	return err
}

// sayN is say for a message with plural forms ("1 Einwilligungsereignis",
// "3 Einwilligungsereignisse"); count is also its .Count.
func (ctx *runContext) sayN(id string, count int, pairs ...any) error {
	_, err := fmt.Fprintln(ctx.stdout, ctx.words().N(id, count, pairs...))
	return err
}

// note prints a message for people on stderr: a warning or a hint that
// is not the command's result.
func (ctx *runContext) note(id string, pairs ...any) {
	fmt.Fprintln(ctx.stderr, ctx.words().T(id, pairs...))
}

// head adds the header row: the column names (colName) in the
// run's language.
func (t *table) head(loc *i18n.Localizer, names ...string) {
	cells := make([]string, len(names))
	for i, n := range names {
		cells[i] = colName(loc, n)
	}
	t.add(cells...)
}

// colName is one column header: cli2.col.<name>, else cli4.col.<name>.
func colName(loc *i18n.Localizer, name string) string {
	if id := "cli2.col." + name; loc.Has(id) {
		return loc.T(id)
	}
	return loc.T("cli4.col." + name)
}

// yesNoText is yes or no in the run's language.
func yesNoText(loc *i18n.Localizer, b bool) string {
	if b {
		return loc.T("cli2.yes")
	}
	return loc.T("cli2.no")
}

// requireFlag is a leaf's check that a required flag was given; msg is
// the usage message's id.
func requireFlag(v *string, msg string) func(*runContext, []string) error {
	return func(ctx *runContext, _ []string) error {
		if *v == "" {
			return usageErrorf("%s", ctx.words().T(msg))
		}
		return nil
	}
}

// stateText is the state of a patient's consent for a purpose (active,
// withdrawn, …, none, not required) as people read it.
func stateText(loc *i18n.Localizer, state string) string {
	if id := "cli2.consentstate." + strings.ReplaceAll(state, " ", "-"); loc.Has(id) {
		return loc.T(id)
	}
	return loc.T("cli2.consentstate.other")
}

// hint says how to give a secret without a prompt: a flag or an
// environment variable.
func (ctx *runContext) hint(flagName, envName string) string {
	return ctx.words().T("cli2.prompt.hint", "Flag", flagName, "Env", envName)
}
