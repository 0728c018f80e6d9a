package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"custodia/deid"
	"custodia/i18n"
)

// hierarchyCommand is "custodiactl hierarchy": generalisation hierarchies
// for "anonymize --hierarchies DIR", built from the values of one column
// of the input CSV and written in ARX's CSV format (semicolons).
func hierarchyCommand() *command {
	return newGroup("hierarchy", "cli3.cmd.hierarchy",
		hierarchyInterval(), hierarchyDate(), hierarchyMask(), hierarchyGroup())
}

// hierarchyFlags are the flags every hierarchy builder takes.
type hierarchyFlags struct {
	input, column, sep, out string
}

// hierarchyLeaf builds a hierarchy command: flags common to all, the
// builder's own flags (declared by extra), and build, which turns the
// column's distinct values into a hierarchy.
func hierarchyLeaf(name, summary, help string, extra func(fs *flag.FlagSet) func(values []string) (*deid.Hierarchy, error)) *command {
	c := newCommand(name, "--input FILE --column NAME --out FILE [flags]", summary)
	c.help = help
	c.helpMore = func(loc *i18n.Localizer) string { return loc.T("cli3.help.hierarchy.file") }
	hf := &hierarchyFlags{}
	c.flags.StringVar(&hf.input, "input", "", "cli3.flag.anonymize.input")
	c.flags.StringVar(&hf.column, "column", "", "cli3.flag.column")
	c.flags.StringVar(&hf.sep, "sep", "", "cli3.flag.hierarchy.date.sep")
	c.flags.StringVar(&hf.out, "out", "", "cli3.flag.hierarchy.date.out")
	build := extra(c.flags)
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if hf.input == "" || hf.column == "" || hf.out == "" {
			return usage("cli4.hierarchy.required", "Name", name)
		}
		values, err := columnValues(hf)
		if err != nil {
			return err
		}
		h, err := build(values)
		var worded *exitError
		if errors.As(err, &worded) { // a flag of the builder, already worded
			return err
		}
		if err != nil {
			return invalid(err, "cli4.hierarchy.cannotBuild", "Name", name, "Column", hf.column, "Problem", deidWords{err: err})
		}
		if err := writeFileAtomic(hf.out, func(w io.Writer) error { return h.WriteCSV(w, ';') }); err != nil {
			return err
		}
		return ctx.say("cli4.hierarchy.wrote", "File", hf.out, "Values", ctx.words().Int(h.Len()), "Levels", h.Levels())
	}
	return c
}

// columnValues reads the distinct values of one column.
func columnValues(hf *hierarchyFlags) ([]string, error) {
	sep, err := parseSep("sep", hf.sep)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(hf.input)
	if err != nil {
		return nil, fileError("input", hf.input, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	if sep == 0 {
		sep = detectSeparator(br)
	}
	t, err := deid.ReadCSV(context.Background(), br, deid.CSVOptions{Separator: sep})
	if err != nil {
		return nil, invalid(err, "deid.cli.hierarchyInput", "Problem", deidWords{err: err, input: hf.input})
	}
	col := t.Column(hf.column)
	if col == nil {
		return nil, invalid(nil, "cli4.hierarchy.noColumn", "File", filepath.Base(hf.input), "Column", hf.column)
	}
	return slices.Clone(col.Dict), nil
}

// intList reads "2,2,3".
func intList(flagName, s string) ([]int, error) {
	var out []int
	for _, p := range splitList(s) {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, usage("cli4.hierarchy.notInt", "Flag", flagName, "Value", p)
		}
		out = append(out, n)
	}
	return out, nil
}

func hierarchyInterval() *command {
	return hierarchyLeaf("interval", "cli3.cmd.hierarchy.interval",
		"cli3.help.hierarchy.interval",
		func(fs *flag.FlagSet) func([]string) (*deid.Hierarchy, error) {
			width := fs.Float64("width", 0, "cli3.flag.width")
			origin := fs.Float64("origin", 0, "cli3.flag.origin")
			fanout := fs.String("fanout", "", "cli3.flag.hierarchy.interval.fanout")
			bottom := fs.String("bottom", "", "cli3.flag.bottom")
			top := fs.String("top", "", "cli3.flag.top")
			return func(values []string) (*deid.Hierarchy, error) {
				spec := deid.IntervalSpec{Width: *width, Origin: *origin}
				var err error
				if spec.Fanout, err = intList("fanout", *fanout); err != nil {
					return nil, err
				}
				if spec.HasBottom, spec.Bottom, err = optFloat("bottom", *bottom); err != nil {
					return nil, err
				}
				if spec.HasTop, spec.Top, err = optFloat("top", *top); err != nil {
					return nil, err
				}
				return deid.IntervalHierarchy(values, spec)
			}
		})
}

func optFloat(flagName, s string) (bool, float64, error) {
	if s == "" {
		return false, 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false, 0, usage("cli4.hierarchy.notNumber", "Flag", flagName, "Value", s)
	}
	return true, v, nil
}

func hierarchyDate() *command {
	return hierarchyLeaf("date", "cli3.cmd.hierarchy.date",
		"cli3.help.hierarchy.date",
		func(fs *flag.FlagSet) func([]string) (*deid.Hierarchy, error) {
			layout := fs.String("layout", "", "cli3.flag.layout")
			return func(values []string) (*deid.Hierarchy, error) { return deid.DateHierarchy(values, *layout) }
		})
}

func hierarchyMask() *command {
	return hierarchyLeaf("mask", "cli3.cmd.hierarchy.mask",
		"cli3.help.hierarchy.mask",
		func(fs *flag.FlagSet) func([]string) (*deid.Hierarchy, error) {
			mask := fs.String("mask", "*", "cli3.flag.mask")
			return func(values []string) (*deid.Hierarchy, error) {
				r := []rune(*mask)
				if len(r) != 1 {
					return nil, usage("cli4.hierarchy.mask")
				}
				return deid.MaskingHierarchy(values, r[0])
			}
		})
}

func hierarchyGroup() *command {
	return hierarchyLeaf("group", "cli3.cmd.hierarchy.group",
		"cli3.help.hierarchy.group",
		func(fs *flag.FlagSet) func([]string) (*deid.Hierarchy, error) {
			fanout := fs.String("fanout", "", "cli3.flag.hierarchy.group.fanout")
			order := fs.String("order", "", "cli3.flag.order")
			return func(values []string) (*deid.Hierarchy, error) {
				f, err := intList("fanout", *fanout)
				if err != nil {
					return nil, err
				}
				ordered, err := orderValues(values, *order)
				if err != nil {
					return nil, err
				}
				return deid.OrderedGroupingHierarchy(ordered, f)
			}
		})
}

// orderValues returns the values in the order of the file, or sorted.
func orderValues(values []string, file string) ([]string, error) {
	if file == "" {
		sortValues(values)
		return values, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fileError("order", file, err)
	}
	var ordered []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimRight(line, "\r"); line != "" {
			ordered = append(ordered, line)
		}
	}
	for i, v := range values {
		if !slices.Contains(ordered, v) {
			return nil, invalid(nil, "cli4.hierarchy.orderMissing", "File", file, "N", i+1)
		}
	}
	return ordered, nil
}

// sortValues sorts numerically when every value is a number.
func sortValues(values []string) {
	nums := make(map[string]float64, len(values))
	for _, v := range values {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			slices.Sort(values)
			return
		}
		nums[v] = x
	}
	slices.SortFunc(values, func(a, b string) int {
		switch {
		case nums[a] < nums[b]:
			return -1
		case nums[a] > nums[b]:
			return 1
		}
		return strings.Compare(a, b)
	})
}
