package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"custodia/deid"
)

// hierarchyCommand is "custodiactl hierarchy": generalisation hierarchies
// for "anonymize --hierarchies DIR", built from the values of one column
// of the input CSV and written in ARX's CSV format (semicolons).
func hierarchyCommand() *command {
	return newGroup("hierarchy", "build generalisation hierarchies for anonymize from a CSV column",
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
	c.help = help + `

The file written is in ARX's hierarchy format (one row per value, levels from
left to right, separated by semicolons); name it <column>.csv in the directory
given to "anonymize --hierarchies". It holds the column's values: keep it with
the same care as the input.`
	hf := &hierarchyFlags{}
	c.flags.StringVar(&hf.input, "input", "", "input CSV `file` with a header row (required)")
	c.flags.StringVar(&hf.column, "column", "", "`column` to build the hierarchy for (required)")
	c.flags.StringVar(&hf.sep, "sep", "", "input field `separator` (default: detected from the header)")
	c.flags.StringVar(&hf.out, "out", "", "hierarchy `file` to write (required)")
	build := extra(c.flags)
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if hf.input == "" || hf.column == "" || hf.out == "" {
			return usageErrorf("hierarchy %s: --input, --column and --out are required", name)
		}
		values, err := columnValues(hf)
		if err != nil {
			return err
		}
		h, err := build(values)
		if err != nil {
			return newExitError(exitValidation, err, "hierarchy %s: column %q: %v", name, hf.column, err)
		}
		if err := writeFileAtomic(hf.out, func(w io.Writer) error { return h.WriteCSV(w, ';') }); err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "wrote %s: %d values, %d levels\n", hf.out, h.Len(), h.Levels())
		return nil
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
		return nil, newExitError(exitValidation, err, "%s: %v", filepath.Base(hf.input), err)
	}
	col := t.Column(hf.column)
	if col == nil {
		return nil, newExitError(exitValidation, nil, "%s has no column %q", filepath.Base(hf.input), hf.column)
	}
	return slices.Clone(col.Dict), nil
}

// intList reads "2,2,3".
func intList(flagName, s string) ([]int, error) {
	var out []int
	for _, p := range splitList(s) {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, usageErrorf("--%s: %q is not a whole number", flagName, p)
		}
		out = append(out, n)
	}
	return out, nil
}

func hierarchyInterval() *command {
	return hierarchyLeaf("interval", "intervals of numbers (age 20-24, 20-29, ...)",
		`Level 1 holds intervals of --width from --origin; each further level joins
--fanout intervals of the level below (e.g. --width 5 --fanout 2,2 gives 5, 10
and 20 years). --bottom and --top code values below or at/above a bound as one
group ("<18", ">=90").`,
		func(fs *flag.FlagSet) func([]string) (*deid.Hierarchy, error) {
			width := fs.Float64("width", 0, "width of the level-1 intervals (required, > 0)")
			origin := fs.Float64("origin", 0, "start of the first interval")
			fanout := fs.String("fanout", "", "intervals joined per further level, e.g. `2,2`")
			bottom := fs.String("bottom", "", "bottom coding: values below `N` form one group")
			top := fs.String("top", "", "top coding: values at or above `N` form one group")
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
		return false, 0, usageErrorf("--%s: %q is not a number", flagName, s)
	}
	return true, v, nil
}

func hierarchyDate() *command {
	return hierarchyLeaf("date", "dates: day, month, year, decade",
		`Generalises a date to its month ("2006-01"), year and decade ("1990-1999").`,
		func(fs *flag.FlagSet) func([]string) (*deid.Hierarchy, error) {
			layout := fs.String("layout", "", "Go date `layout` of the column (default "+deid.DateLayout+")")
			return func(values []string) (*deid.Hierarchy, error) { return deid.DateHierarchy(values, *layout) }
		})
}

func hierarchyMask() *command {
	return hierarchyLeaf("mask", "codes and postcodes masked from the right",
		`Masks one more character from the right per level ("12345", "1234*",
"123**", ...), for postcodes, ICD codes and other codes.`,
		func(fs *flag.FlagSet) func([]string) (*deid.Hierarchy, error) {
			mask := fs.String("mask", "*", "masking `character`")
			return func(values []string) (*deid.Hierarchy, error) {
				r := []rune(*mask)
				if len(r) != 1 {
					return nil, usageErrorf("--mask: want one character")
				}
				return deid.MaskingHierarchy(values, r[0])
			}
		})
}

func hierarchyGroup() *command {
	return hierarchyLeaf("group", "ordered values in groups (education levels, ...)",
		`Joins --fanout consecutive values per level, in the order of --order (a
file with one value per line, which must list every value of the column), or
else in numeric order when every value is a number, else in alphabetical order.`,
		func(fs *flag.FlagSet) func([]string) (*deid.Hierarchy, error) {
			fanout := fs.String("fanout", "", "values joined per level, e.g. `2,2` (required)")
			order := fs.String("order", "", "`file` listing the values in order, one per line")
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
			return nil, newExitError(exitValidation, nil, "%s does not list value %d of the column", file, i+1)
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
