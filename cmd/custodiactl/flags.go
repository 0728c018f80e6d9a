package main

import (
	"errors"
	"flag"
	"strings"
)

// flagError is a flag the command line got wrong; kind says how
// (flagUnknown, flagNoValue, flagBadValue), worded in the run's language
// by flagUsage.
type flagError struct {
	kind string
	name string // never the value: it may be personal data
}

func (e *flagError) Error() string { return e.kind + " --" + e.name }

const (
	flagUnknown  = "unknownFlag"
	flagNoValue  = "flagNoValue"
	flagBadValue = "flagBadValue"
)

// parseFlags parses flags that may appear before, between or after the
// positional arguments; everything after "--" is positional, as is a lone
// "-". A flag is -name or --name; a value follows as -name=value or as the
// next argument (bool flags take only the first form). -h, -help and
// --help return flag.ErrHelp unless the command declares such a flag.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		f := fs.Lookup(name)
		switch {
		case f == nil && (name == "h" || name == "help"):
			return nil, flag.ErrHelp
		case f == nil || name == "" || name[0] == '-':
			return nil, &flagError{kind: flagUnknown, name: name}
		case !hasValue && isBoolFlag(f):
			value = "true"
		case !hasValue && i+1 >= len(args):
			return nil, &flagError{kind: flagNoValue, name: name}
		case !hasValue:
			i++
			value = args[i]
		}
		if err := fs.Set(name, value); err != nil {
			return nil, &flagError{kind: flagBadValue, name: name}
		}
	}
	return pos, nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// flagUsage words a flag error of command c as a usage error.
func flagUsage(c *command, err error) error {
	var fe *flagError
	if !errors.As(err, &fe) {
		return err
	}
	return usage("cli3.usage."+fe.kind, "Command", c.name, "Flag", "--"+fe.name, "Path", c.path())
}
