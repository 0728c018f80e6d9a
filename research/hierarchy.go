package research

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"custodia/deid"
)

// MaxAge is the oldest age the built-in age hierarchy covers.
const MaxAge = 120

// AgeHierarchy: age in years → bands of 5 → 10 → 20 → "*", for every age
// 0..MaxAge (the domain is all ages, not only those in the data).
func AgeHierarchy() *deid.Hierarchy {
	rows := make([][]string, 0, MaxAge+1)
	for a := 0; a <= MaxAge; a++ {
		rows = append(rows, []string{strconv.Itoa(a), band(a, 5), band(a, 10), band(a, 20), "*"})
	}
	return mustHierarchy(rows)
}

func band(v, w int) string {
	lo := v / w * w
	return fmt.Sprintf("%d-%d", lo, lo+w-1)
}

// BirthYearHierarchy: year → 5-year → 10-year band → "*", for the years given.
func BirthYearHierarchy(years []string) (*deid.Hierarchy, error) {
	var rows [][]string
	for _, y := range distinct(years) {
		n, err := strconv.Atoi(y)
		if err != nil {
			return nil, fmt.Errorf("%w: birth year not a number", deid.ErrInvalidHierarchy)
		}
		rows = append(rows, []string{y, band(n, 5), band(n, 10), "*"})
	}
	return deid.NewHierarchy(rows)
}

// SexHierarchy: value → "*".
func SexHierarchy(values []string) *deid.Hierarchy {
	var rows [][]string
	for _, v := range distinct(values) {
		rows = append(rows, []string{v, "*"})
	}
	return mustHierarchy(rows)
}

// PostcodeHierarchy: the code, then its first 3, 2 and 1 characters (the
// rest masked with "*"), then "*". Codes shorter than 5 keep what they have.
func PostcodeHierarchy(codes []string) *deid.Hierarchy {
	var rows [][]string
	for _, c := range distinct(codes) {
		rows = append(rows, []string{c, maskAfter(c, 3), maskAfter(c, 2), maskAfter(c, 1), "*"})
	}
	return mustHierarchy(rows)
}

func maskAfter(s string, keep int) string {
	r := []rune(s)
	if len(r) <= keep {
		return s + strings.Repeat("*", max(0, 5-len(r)))
	}
	return string(r[:keep]) + strings.Repeat("*", len(r)-keep)
}

// ICDHierarchy: code → 3-character category → block → chapter → "*" (WHO
// ICD-10 2019 blocks and chapters).
func ICDHierarchy(codes []string) *deid.Hierarchy {
	var rows [][]string
	for _, c := range distinct(codes) {
		rows = append(rows, icdLevels(c))
	}
	return mustHierarchy(rows)
}

// DateHierarchy: YYYY-MM-DD → YYYY-MM → YYYY-Qn → YYYY → "*".
func DateHierarchy(dates []string) (*deid.Hierarchy, error) {
	var rows [][]string
	for _, d := range distinct(dates) {
		if d == "" {
			rows = append(rows, missingRow(5))
			continue
		}
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, fmt.Errorf("%w: not a date YYYY-MM-DD", deid.ErrInvalidHierarchy)
		}
		rows = append(rows, []string{d, t.Format("2006-01"), fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3), strconv.Itoa(t.Year()), "*"})
	}
	return deid.NewHierarchy(rows)
}

// QuantileHierarchy bins decimal values by quantiles: level 1 has up to
// bins groups of about equal counts (ties never split), each next level
// merges neighbouring groups in pairs, until one group; then "*". Labels are
// "lo..hi" of the values in a group. counts[i] is how often values[i]
// occurs (nil: once each).
func QuantileHierarchy(values []string, counts []int, bins int) (*deid.Hierarchy, error) {
	if bins < 2 {
		bins = 4
	}
	type vc struct {
		s string
		f float64
		n int
	}
	agg := map[string]*vc{}
	missing := false
	for i, v := range values {
		if v == "" {
			missing = true
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: observation value not a number", deid.ErrInvalidHierarchy)
		}
		n := 1
		if counts != nil {
			n = counts[i]
		}
		if a := agg[v]; a != nil {
			a.n += n
		} else {
			agg[v] = &vc{v, f, n}
		}
	}
	sorted := make([]*vc, 0, len(agg))
	total := 0
	for _, a := range agg {
		sorted = append(sorted, a)
		total += a.n
	}
	if len(sorted) == 0 {
		return deid.NewHierarchy([][]string{missingRow(3)})
	}
	slices.SortFunc(sorted, func(a, b *vc) int {
		if a.f != b.f {
			if a.f < b.f {
				return -1
			}
			return 1
		}
		return strings.Compare(a.s, b.s)
	})
	// group[i] = quantile bin of sorted[i]
	group := make([]int, len(sorted))
	cum := 0
	for i, a := range sorted {
		group[i] = min(bins-1, cum*bins/max(total, 1))
		cum += a.n
	}
	group = renumber(group)
	var levels [][]int
	for g := group; ; {
		levels = append(levels, g)
		if g[len(g)-1] == 0 {
			break
		}
		next := make([]int, len(g))
		for i := range g {
			next[i] = g[i] / 2
		}
		g = next
	}
	rows := make([][]string, len(sorted))
	for i, a := range sorted {
		rows[i] = []string{a.s}
	}
	for _, g := range levels {
		lo, hi := map[int]string{}, map[int]string{}
		for i, a := range sorted {
			if _, ok := lo[g[i]]; !ok {
				lo[g[i]] = a.s
			}
			hi[g[i]] = a.s
		}
		for i := range sorted {
			rows[i] = append(rows[i], lo[g[i]]+".."+hi[g[i]])
		}
	}
	for i := range rows {
		rows[i] = append(rows[i], "*")
	}
	if missing {
		rows = append(rows, missingRow(len(levels)+2))
	}
	return deid.NewHierarchy(rows)
}

// missingRow is the hierarchy row of an empty value: "" then "none" up to "*".
func missingRow(width int) []string {
	row := make([]string, width)
	for i := 1; i < width-1; i++ {
		row[i] = "none"
	}
	row[width-1] = "*"
	return row
}

// renumber maps non-decreasing group numbers onto 0, 1, 2, … without gaps.
func renumber(g []int) []int {
	out := make([]int, len(g))
	n, prev := -1, -1
	for i, v := range g {
		if v != prev {
			n++
			prev = v
		}
		out[i] = n
	}
	return out
}

func distinct(vs []string) []string {
	out := slices.Clone(vs)
	slices.Sort(out)
	return slices.Compact(out)
}

func mustHierarchy(rows [][]string) *deid.Hierarchy {
	h, err := deid.NewHierarchy(rows)
	if err != nil {
		panic(fmt.Sprintf("research: built-in hierarchy: %v", err)) // a bug in the builders, never data
	}
	return h
}

// builtinHierarchy returns the hierarchy of a quasi-identifying column over
// the column's values (or the ARX override of the study).
func builtinHierarchy(c Column, col *deid.Column) (*deid.Hierarchy, error) {
	if len(c.Hierarchy) > 0 {
		return deid.NewHierarchy(c.Hierarchy)
	}
	vals := col.Dict
	switch {
	case c.Name == SrcAge:
		return AgeHierarchy(), nil
	case c.Name == SrcBirthYear:
		return BirthYearHierarchy(vals)
	case c.Name == SrcSex || c.Name == SrcKind:
		return SexHierarchy(vals), nil
	case c.Name == SrcPostcode:
		return PostcodeHierarchy(vals), nil
	case c.Name == SrcDiagnosis:
		return ICDHierarchy(vals), nil
	case c.Name == SrcDate:
		return DateHierarchy(vals)
	case strings.HasPrefix(c.Name, SrcObsPrefix):
		return QuantileHierarchy(vals, col.Counts(), c.Bins)
	}
	return deid.FlatHierarchy(vals), nil
}
