package main

import (
	"flag"
	"io"
	"sort"

	"custodia/i18n"
)

// command is one node of the command tree: either a group holding
// subcommands or a leaf with a run function. Leaves declare their flags on
// their own FlagSet when they are built; the framework parses the flags
// (interspersed with positional arguments) and hands run the positionals.
type command struct {
	name    string // word typed on the command line, e.g. "add"
	usage   string // what follows the command path, e.g. "[flags] ID"
	summary string // one line, lower case, shown in listings (a catalogue id)
	help    string // optional longer text shown by --help (a catalogue id)
	// helpMore adds to help what is made at run time (a list of codes
	// with their labels); nil: nothing.
	helpMore func(loc *i18n.Localizer) string
	hidden   bool // left out of listings (still runnable)

	flags *flag.FlagSet
	run   func(ctx *runContext, args []string) error

	// nargs checks the number of positional arguments before run; nil
	// means any number.
	nargs func(n int) bool

	parent *command
	subs   []*command
}

// newCommand returns a leaf command with an empty flag set.
func newCommand(name, usage, summary string) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &command{name: name, usage: usage, summary: summary, flags: fs}
}

// newGroup returns a command that only holds subcommands.
func newGroup(name, summary string, subs ...*command) *command {
	g := &command{name: name, usage: "<command> [flags]", summary: summary}
	g.add(subs...)
	return g
}

func (c *command) add(subs ...*command) {
	for _, s := range subs {
		s.parent = c
		c.subs = append(c.subs, s)
	}
	sort.Slice(c.subs, func(i, j int) bool { return c.subs[i].name < c.subs[j].name })
}

func (c *command) isGroup() bool { return c.run == nil }

func (c *command) find(name string) *command {
	for _, s := range c.subs {
		if s.name == name {
			return s
		}
	}
	return nil
}

// path is the full command line prefix, e.g. "custodiactl patient add".
func (c *command) path() string {
	if c.parent == nil {
		return c.name
	}
	return c.parent.path() + " " + c.name
}

// walk calls fn for c and every command below it, depth first.
func (c *command) walk(fn func(*command)) {
	fn(c)
	for _, s := range c.subs {
		s.walk(fn)
	}
}

// exactArgs, noArgs and maxArgs are common positional-argument checks.
func exactArgs(n int) func(int) bool { return func(got int) bool { return got == n } }
func maxArgs(n int) func(int) bool   { return func(got int) bool { return got <= n } }

var noArgs = exactArgs(0)

// commands lists the top-level commands and groups, in the order of the
// README table (listings sort them by name). Adding a command means writing
// its constructor and adding it here: no reflection, no init functions, no
// package-level registry.
func commands() []*command {
	return []*command{
		initCommand(),
		demoCommand(),
		vaultCommand(),
		backupCommand(),
		restoreCommand(),
		userCommand(),
		patientCommand(),
		encounterCommand(),
		observationCommand(),
		auditCommand(),
		consentCommand(),
		dsrCommand(),
		retentionCommand(),
		ropaCommand(),
		breachCommand(),
		dashboardCommand(),
		practiceCommand(),
		anonymizeCommand(),
		hierarchyCommand(),
		exportCommand(),
	}
}

// newRoot builds the whole command tree.
func newRoot() *command {
	root := &command{name: "custodiactl", usage: "<command> [flags]", summary: "cli3.cmd.root"}
	root.add(commands()...)
	root.add(helpCommand(root))
	return root
}

func helpCommand(root *command) *command {
	c := newCommand("help", "[command...]", "cli3.cmd.help")
	c.run = func(ctx *runContext, args []string) error {
		target, rest := resolve(root, args)
		if len(rest) > 0 {
			return usage("cli3.usage.unknownCommand", "Name", rest[0], "Path", target.path())
		}
		printHelp(ctx.stdout, ctx.words(), target)
		return nil
	}
	return c
}

// resolve walks args down the tree as far as they name subcommands and
// returns the command reached and the remaining arguments.
func resolve(root *command, args []string) (*command, []string) {
	c := root
	for len(args) > 0 && c.isGroup() {
		sub := c.find(args[0])
		if sub == nil {
			break
		}
		c, args = sub, args[1:]
	}
	return c, args
}

func isHelpArg(a string) bool { return a == "-h" || a == "-help" || a == "--help" }

// execute resolves args to a command, parses its flags and runs it.
func execute(ctx *runContext, root *command, args []string) error {
	c, rest := resolve(root, args)
	ctx.command = c.path()
	if c.isGroup() {
		return executeGroup(ctx, c, rest)
	}
	pos, err := parseFlags(c.flags, rest)
	if err == flag.ErrHelp {
		printHelp(ctx.stdout, ctx.words(), c)
		return nil
	}
	if err != nil {
		return flagUsage(c, err)
	}
	if c.nargs != nil && !c.nargs(len(pos)) {
		if c.nargs(0) && c.flags.Lookup("patient") != nil { // "consent list <id>": say where the patient goes
			return usage("clisweep.usage.patientFlag", "Path", c.path())
		}
		return usage("cli3.usage.nargs", "Path", c.path(), "Usage", usageText(ctx.words(), c.usage))
	}
	return c.run(ctx, pos)
}

func executeGroup(ctx *runContext, c *command, rest []string) error {
	switch {
	case len(rest) == 0:
		printHelp(ctx.stderr, ctx.words(), c)
		return usage("cli3.usage.missingCommand", "Path", c.path())
	case isHelpArg(rest[0]):
		printHelp(ctx.stdout, ctx.words(), c)
		return nil
	default:
		return usage("cli3.usage.unknownCommand", "Name", rest[0], "Path", c.path())
	}
}
