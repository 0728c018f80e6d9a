package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// command is one node of the command tree: either a group holding
// subcommands or a leaf with a run function. Leaves declare their flags on
// their own FlagSet when they are built; the framework parses the flags
// (interspersed with positional arguments) and hands run the positionals.
type command struct {
	name    string // word typed on the command line, e.g. "add"
	usage   string // what follows the command path, e.g. "[flags] ID"
	summary string // one line, lower case, shown in listings
	help    string // optional longer text shown by --help
	hidden  bool   // left out of listings (still runnable)

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
	root := &command{name: "custodiactl", usage: "<command> [flags]",
		summary: "command line for the Custodia patient vault"}
	root.add(commands()...)
	root.add(helpCommand(root))
	return root
}

func helpCommand(root *command) *command {
	c := newCommand("help", "[command...]", "show help for a command")
	c.run = func(ctx *runContext, args []string) error {
		target, rest := resolve(root, args)
		if len(rest) > 0 {
			return usageErrorf("unknown command %q for %q", rest[0], target.path())
		}
		printHelp(ctx.stdout, target)
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
		printHelp(ctx.stdout, c)
		return nil
	}
	if err != nil {
		return usageErrorf("%s: %v (see %s --help)", c.name, err, c.path())
	}
	if c.nargs != nil && !c.nargs(len(pos)) {
		return usageErrorf("wrong number of arguments (usage: %s %s)", c.path(), c.usage)
	}
	return c.run(ctx, pos)
}

func executeGroup(ctx *runContext, c *command, rest []string) error {
	switch {
	case len(rest) == 0:
		printHelp(ctx.stderr, c)
		return usageErrorf("missing command after %q", c.path())
	case isHelpArg(rest[0]):
		printHelp(ctx.stdout, c)
		return nil
	default:
		return usageErrorf("unknown command %q for %q (see %s --help)", rest[0], c.path(), c.path())
	}
}

// parseFlags parses flags that may appear before, between or after the
// positional arguments; everything after "--" is positional.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// printHelp writes the usage of c: its command list for a group, its flags
// for a leaf.
func printHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "usage: %s %s\n\n%s\n", c.path(), c.usage, c.summary)
	if c.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.help))
	}
	if c.isGroup() {
		printCommandList(w, c)
		return
	}
	printFlags(w, c.flags)
}

func printCommandList(w io.Writer, c *command) {
	fmt.Fprintf(w, "\ncommands:\n")
	width := 0
	for _, s := range c.subs {
		width = max(width, len(s.name))
	}
	for _, s := range c.subs {
		if !s.hidden {
			fmt.Fprintf(w, "  %-*s  %s\n", width, s.name, s.summary)
		}
	}
	fmt.Fprintf(w, "\nrun \"%s <command> --help\" for the flags of a command\n", c.path())
}

func printFlags(w io.Writer, fs *flag.FlagSet) {
	var lines []string
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n      " + usage
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			line += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		lines = append(lines, line)
	})
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\nflags:\n%s\n", strings.Join(lines, "\n"))
}
