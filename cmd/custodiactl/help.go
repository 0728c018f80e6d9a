package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"custodia/i18n"
)

// The words of --help come from the catalogue: a command's summary and
// help and a flag's description are catalogue ids (cli3.cmd.*,
// cli3.help.*, cli3.flag.*). A text that is not an id (a command whose
// file declares English words) is looked up by the command's path:
// cli3.cmd.<path>, cli3.help.<path>, cli3.flag.<path>.<flag>.

// printHelp writes the usage of c: its command list for a group, its flags
// for a leaf.
func printHelp(w io.Writer, loc *i18n.Localizer, c *command) {
	fmt.Fprintf(w, "%s\n\n%s\n", loc.T("cli3.help.usageLine", "Path", c.path(), "Usage", usageText(loc, c.usage)),
		loc.T(summaryID(loc, c)))
	if text := helpText(loc, c); text != "" {
		fmt.Fprintf(w, "\n%s\n", text)
	}
	if c.isGroup() {
		printCommandList(w, loc, c)
		return
	}
	printFlags(w, loc, c)
}

// pathKey is c's path below the root joined by dots ("patient.add"), or
// "root".
func pathKey(c *command) string {
	words := strings.Fields(c.path())[1:]
	if len(words) == 0 {
		return "root"
	}
	return strings.Join(words, ".")
}

// textID is text when it is a catalogue id, else the id derived by key.
func textID(loc *i18n.Localizer, text, derived string) string {
	if strings.HasPrefix(text, "cli3.") && loc.Has(text) {
		return text
	}
	return derived
}

func summaryID(loc *i18n.Localizer, c *command) string {
	return textID(loc, c.summary, "cli3.cmd."+pathKey(c))
}

// helpText is c's longer help in the run's language ("" when c has none).
func helpText(loc *i18n.Localizer, c *command) string {
	var parts []string
	if c.help != "" {
		parts = append(parts, strings.TrimSpace(loc.T(textID(loc, c.help, "cli3.help."+pathKey(c)))))
	}
	if c.helpMore != nil {
		parts = append(parts, strings.TrimSpace(c.helpMore(loc)))
	}
	return strings.Join(parts, "\n\n")
}

// flagID is the catalogue id of flag f of command c.
func flagID(loc *i18n.Localizer, c *command, f *flag.Flag) string {
	return textID(loc, f.Usage, "cli3.flag."+pathKey(c)+"."+f.Name)
}

// usageWordRE finds the words of a usage line that stand for something
// ("FILE", "[flags]"); flag names (after "-") are left as they are.
var usageWordRE = regexp.MustCompile(`-*[A-Za-z][A-Za-z-]*`)

// usageText is a usage line with its placeholder words in the run's
// language (cli3.usage.word.<word>); flag names and literal words stay.
func usageText(loc *i18n.Localizer, usage string) string {
	return usageWordRE.ReplaceAllStringFunc(usage, func(w string) string {
		if id := "cli3.usage.word." + w; !strings.HasPrefix(w, "-") && loc.Has(id) {
			return loc.T(id)
		}
		return w
	})
}

func printCommandList(w io.Writer, loc *i18n.Localizer, c *command) {
	fmt.Fprintf(w, "\n%s\n", loc.T("cli3.help.commands"))
	width := 0
	for _, s := range c.subs {
		width = max(width, len(s.name))
	}
	for _, s := range c.subs {
		if !s.hidden {
			fmt.Fprintf(w, "  %-*s  %s\n", width, s.name, loc.T(summaryID(loc, s)))
		}
	}
	fmt.Fprintf(w, "\n%s\n", loc.T("cli3.help.more", "Path", c.path()))
}

func printFlags(w io.Writer, loc *i18n.Localizer, c *command) {
	var lines []string
	c.flags.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(&flag.Flag{Name: f.Name, Value: f.Value, Usage: loc.T(flagID(loc, c, f))})
		line := "  --" + f.Name
		if name != "" {
			if id := "cli3.usage.word." + name; loc.Has(id) {
				name = loc.T(id)
			}
			line += " " + name
		}
		line += "\n      " + usage
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			line += " " + loc.T("cli3.help.default", "Value", defaultText(f.DefValue))
		}
		lines = append(lines, line)
	})
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n%s\n", loc.T("cli3.help.flags"), strings.Join(lines, "\n"))
}

// defaultText shows a flag's default as it is typed: a whole number
// bare (no digit grouping: "--limit 1000", never "1.000"), any other value
// quoted.
func defaultText(v string) string {
	if _, err := strconv.Atoi(v); err == nil {
		return v
	}
	return fmt.Sprintf("%q", v)
}
