package deid

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// IntervalSpec describes an interval hierarchy for numbers.
type IntervalSpec struct {
	// Width of the level-1 intervals (> 0); intervals are
	// [Origin + i·Width, Origin + (i+1)·Width).
	Width  float64
	Origin float64
	// Fanout lists, for each further level, how many intervals of the
	// level below form one interval (each >= 2). The top level "*" is added.
	Fanout []int
	// Bottom coding: values below Bottom become "<Bottom" at every level
	// but the top. Top coding: values at or above Top become ">=Top".
	HasBottom bool
	Bottom    float64
	HasTop    bool
	Top       float64
}

// IntervalHierarchy builds an interval hierarchy over values (integers or
// decimals). Integer-aligned intervals are labelled "lo-hi" (inclusive, as
// in ARX's Adult age hierarchy), others "[lo, hi[".
func IntervalHierarchy(values []string, spec IntervalSpec) (*Hierarchy, error) {
	if !(spec.Width > 0) || math.IsInf(spec.Width, 0) {
		return nil, inputError(ErrInvalidHierarchy, ProblemIntervalWidth, "interval width must be > 0")
	}
	if spec.HasBottom && spec.HasTop && spec.Bottom >= spec.Top {
		return nil, inputError(ErrInvalidHierarchy, ProblemCodingOrder, fmt.Sprintf("bottom coding %g must be below top coding %g", spec.Bottom, spec.Top))
	}
	widths := []float64{spec.Width}
	for i, f := range spec.Fanout {
		if f < 2 {
			return nil, fanoutError(f, i+2)
		}
		widths = append(widths, widths[len(widths)-1]*float64(f))
	}
	integral := isInt(spec.Width) && isInt(spec.Origin)
	var rows [][]string
	for i, v := range uniq(values) {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, inputError(ErrInvalidHierarchy, ProblemNotNumber, fmt.Sprintf("value %d is not a number", i+1))
		}
		row := []string{v}
		for _, w := range widths {
			row = append(row, intervalLabel(x, w, spec, integral))
		}
		rows = append(rows, append(row, "*"))
	}
	return NewHierarchy(rows)
}

func isInt(x float64) bool { return x == math.Trunc(x) && math.Abs(x) < 1<<53 }

func intervalLabel(x, w float64, spec IntervalSpec, integral bool) string {
	if spec.HasBottom && x < spec.Bottom {
		return "<" + fmtNum(spec.Bottom)
	}
	if spec.HasTop && x >= spec.Top {
		return ">=" + fmtNum(spec.Top)
	}
	lo := spec.Origin + math.Floor((x-spec.Origin)/w)*w
	if integral {
		return fmtNum(lo) + "-" + fmtNum(lo+w-1)
	}
	return "[" + fmtNum(lo) + ", " + fmtNum(lo+w) + "["
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func uniq(values []string) []string {
	seen := make(map[string]bool, len(values))
	var out []string
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// DateHierarchy builds day → month ("2006-01") → year ("2006") → decade
// ("1990-1999") → "*" over dates in layout ("" means DateLayout).
func DateHierarchy(values []string, layout string) (*Hierarchy, error) {
	if layout == "" {
		layout = DateLayout
	}
	var rows [][]string
	for i, v := range uniq(values) {
		d, err := time.Parse(layout, strings.TrimSpace(v))
		if err != nil {
			e := inputError(ErrInvalidHierarchy, ProblemNotDateLayout, fmt.Sprintf("value %d is not a date in layout %q", i+1, layout))
			e.Value = layout
			return nil, e
		}
		dec := d.Year() - mod(d.Year(), 10)
		rows = append(rows, []string{v, d.Format("2006-01"), d.Format("2006"),
			strconv.Itoa(dec) + "-" + strconv.Itoa(dec+9), "*"})
	}
	return NewHierarchy(rows)
}

func mod(a, b int) int { return ((a % b) + b) % b }

// MaskingHierarchy masks characters from the right, one more per level
// ("12345" → "1234*" → "123**" → ... → "*"), for postcodes and codes.
// mask 0 means '*'. Values shorter than a level's mask count stay fully
// masked at their own length; the top level is "*".
func MaskingHierarchy(values []string, mask rune) (*Hierarchy, error) {
	if mask == 0 {
		mask = '*'
	}
	vals := uniq(values)
	maxLen := 0
	for _, v := range vals {
		maxLen = max(maxLen, len([]rune(v)))
	}
	var rows [][]string
	for _, v := range vals {
		r := []rune(v)
		row := []string{v}
		for i := 1; i < maxLen; i++ {
			m := append([]rune(nil), r...)
			for j := max(0, len(m)-i); j < len(m); j++ {
				m[j] = mask
			}
			row = append(row, string(m))
		}
		rows = append(rows, append(row, "*"))
	}
	if len(rows) == 0 {
		return nil, inputError(ErrInvalidHierarchy, ProblemNoValues, "no values to mask")
	}
	return NewHierarchy(rows)
}

// OrderedGroupingHierarchy groups ordered values: level 1 joins fanout[0]
// consecutive values, level 2 joins fanout[1] consecutive level-1 groups,
// and so on, then "*". A group is labelled "first..last" (or the value
// itself when it holds one value).
func OrderedGroupingHierarchy(ordered []string, fanout []int) (*Hierarchy, error) {
	vals := uniq(ordered)
	if len(vals) == 0 {
		return nil, inputError(ErrInvalidHierarchy, ProblemNoValues, "no values to group")
	}
	rows := make([][]string, len(vals))
	for i, v := range vals {
		rows[i] = []string{v}
	}
	size := 1
	for li, f := range fanout {
		if f < 2 {
			return nil, fanoutError(f, li+1)
		}
		size *= f
		for start := 0; start < len(vals); start += size {
			end := min(start+size, len(vals)) - 1
			label := vals[start]
			if end > start {
				label = vals[start] + ".." + vals[end]
			}
			for i := start; i <= end; i++ {
				rows[i] = append(rows[i], label)
			}
		}
	}
	for i := range rows {
		rows[i] = append(rows[i], "*")
	}
	return NewHierarchy(rows)
}

// fanoutError is the ProblemFanout error of a fanout below 2 at level.
func fanoutError(fanout, level int) *InputError {
	e := inputError(ErrInvalidHierarchy, ProblemFanout, fmt.Sprintf("fanout %d of level %d must be >= 2", fanout, level))
	e.Got, e.Level = fanout, level
	return e
}
