// Package verify re-checks a released (de-identified) CSV file: it reads
// the written file itself, not the engine's in-memory result, groups the
// rows by their quasi-identifier values and checks k-anonymity (counting
// distinct patients when an entity column is named), distinct and entropy
// l-diversity and t-closeness where they are claimed.
//
// It shares no code with the search in package deid: it parses the file
// with encoding/csv and counts with maps of strings, so a defect in the
// engine's encoding, roll-up or writers shows up as a failed check.
// Reports name columns and counts, never a data value.
package verify

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// ErrInvalidSpec marks a specification that does not fit the file.
var ErrInvalidSpec = errors.New("verify: invalid specification")

// Spec says what the file claims.
type Spec struct {
	Separator        rune     // 0 means ','
	QuasiIdentifiers []string // column names
	// Entity, if set, names the patient column: k counts distinct
	// patients per class, not rows.
	Entity string
	K      int // 0: not claimed
	// Sensitive names the attribute of the l and t claims.
	Sensitive string
	DistinctL int     // 0: not claimed
	EntropyL  float64 // 0: not claimed
	T         float64 // 0: not claimed
	// Ordered: t-closeness with the ordered distance (values ordered
	// numerically when all parse as numbers, else as text); else the
	// equal distance.
	Ordered bool
	// Reference is the overall distribution of the sensitive attribute
	// t is measured against (value -> share); nil: the file's own.
	Reference map[string]float64
}

// Check is one verified claim.
//
// Name and Detail word the check in English (reports, the CLI); the typed
// fields say the same for front ends that word it in their own language.
type Check struct {
	Name   string `json:"name"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
	// Claim is the kind of claim checked; Value its bound (k, l or t).
	Claim Claim   `json:"claim,omitempty"`
	Value float64 `json:"value,omitempty"`
	// ByEntity: k counted distinct patients per class, not rows.
	ByEntity bool `json:"by_entity,omitempty"`
	// Ordered: t-closeness with the ordered distance, else the equal one.
	Ordered bool `json:"ordered,omitempty"`
	// Classes is the number of classes checked, Failing how many broke
	// the bound, Worst the worst class's figure (smallest class for k,
	// fewest distinct values for distinct l, lowest exp(entropy) for
	// entropy l, largest distance for t).
	Classes int     `json:"classes,omitempty"`
	Failing int     `json:"failing,omitempty"`
	Worst   float64 `json:"worst,omitempty"`
}

// Claim is a kind of privacy claim a Check verifies.
type Claim string

// The claims VerifyFile checks.
const (
	ClaimK         Claim = "k-anonymity"
	ClaimDistinctL Claim = "distinct-l-diversity"
	ClaimEntropyL  Claim = "entropy-l-diversity"
	ClaimT         Claim = "t-closeness"
)

// Report is what VerifyFile found.
type Report struct {
	Rows       int     `json:"rows"`
	Suppressed int     `json:"suppressed_rows"` // rows with "*" in every quasi-identifier
	Classes    int     `json:"classes"`
	Entities   int     `json:"entities,omitempty"`
	Checks     []Check `json:"checks"`
}

// OK reports whether every check passed.
func (r *Report) OK() bool {
	for _, c := range r.Checks {
		if !c.Passed {
			return false
		}
	}
	return true
}

// VerifyFile verifies the CSV file at path.
func VerifyFile(path string, spec Spec) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Verify(f, spec)
}

// class is one equivalence class of released rows.
type class struct {
	rows     int
	entities map[string]bool
	values   map[string]int // sensitive value -> rows
}

// Verify verifies a CSV stream (header first).
func Verify(r io.Reader, spec Spec) (*Report, error) {
	cr := csv.NewReader(r)
	if spec.Separator != 0 {
		cr.Comma = spec.Separator
	}
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("verify: header: %w", err)
	}
	qi, ent, sens, err := columns(header, spec)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	classes := map[string]*class{}
	overall := map[string]int{}
	allEntities := map[string]bool{}
	var key strings.Builder
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("verify: line %d column %d: %v", pe.StartLine, pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("verify: line %d: %v", line, err)
		}
		rep.Rows++
		key.Reset()
		starred := true
		for _, c := range qi {
			starred = starred && rec[c] == "*"
			key.WriteString(strconv.Quote(rec[c]))
			key.WriteByte(0)
		}
		if starred && len(qi) > 0 && rep.Rows > 0 {
			rep.Suppressed++
			continue
		}
		cl := classes[key.String()]
		if cl == nil {
			cl = &class{entities: map[string]bool{}, values: map[string]int{}}
			classes[key.String()] = cl
		}
		cl.rows++
		if ent >= 0 {
			cl.entities[rec[ent]] = true
			allEntities[rec[ent]] = true
		}
		if sens >= 0 {
			cl.values[rec[sens]]++
			overall[rec[sens]]++
		}
	}
	rep.Classes = len(classes)
	rep.Entities = len(allEntities)
	list := make([]*class, 0, len(classes))
	for _, c := range classes {
		list = append(list, c)
	}
	if spec.K > 0 {
		rep.Checks = append(rep.Checks, checkK(list, spec.K, ent >= 0))
	}
	if spec.DistinctL > 0 {
		rep.Checks = append(rep.Checks, checkDistinct(list, spec.DistinctL))
	}
	if spec.EntropyL > 0 {
		rep.Checks = append(rep.Checks, checkEntropy(list, spec.EntropyL))
	}
	if spec.T > 0 {
		ref, source := spec.Reference, "the input's distribution"
		if ref == nil {
			ref, source = shares(overall), "the released file's own distribution"
		}
		rep.Checks = append(rep.Checks, checkT(list, spec.T, ref, spec.Ordered, source))
	}
	return rep, nil
}

// columns finds the spec's columns in the header.
func columns(header []string, spec Spec) (qi []int, ent, sens int, err error) {
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimPrefix(h, "\ufeff")] = i
	}
	find := func(name, role string) (int, error) {
		i, ok := idx[name]
		if !ok {
			return -1, fmt.Errorf("%w: %s column %q not in the file's header", ErrInvalidSpec, role, name)
		}
		return i, nil
	}
	if len(spec.QuasiIdentifiers) == 0 {
		return nil, 0, 0, fmt.Errorf("%w: no quasi-identifier named", ErrInvalidSpec)
	}
	for _, q := range spec.QuasiIdentifiers {
		i, err := find(q, "quasi-identifier")
		if err != nil {
			return nil, 0, 0, err
		}
		qi = append(qi, i)
	}
	ent, sens = -1, -1
	if spec.Entity != "" {
		if ent, err = find(spec.Entity, "entity"); err != nil {
			return nil, 0, 0, err
		}
	}
	if spec.DistinctL > 0 || spec.EntropyL > 0 || spec.T > 0 {
		if spec.Sensitive == "" {
			return nil, 0, 0, fmt.Errorf("%w: l or t claimed without a sensitive column", ErrInvalidSpec)
		}
		if sens, err = find(spec.Sensitive, "sensitive"); err != nil {
			return nil, 0, 0, err
		}
	}
	return qi, ent, sens, nil
}

func checkK(list []*class, k int, byEntity bool) Check {
	unit := "rows"
	if byEntity {
		unit = "patients"
	}
	smallest, bad := math.MaxInt, 0
	for _, c := range list {
		size := c.rows
		if byEntity {
			size = len(c.entities)
		}
		smallest = min(smallest, size)
		if size < k {
			bad++
		}
	}
	if len(list) == 0 {
		smallest = 0
	}
	return Check{Name: fmt.Sprintf("%d-anonymity (%s)", k, unit), Passed: bad == 0,
		Claim: ClaimK, Value: float64(k), ByEntity: byEntity, Classes: len(list), Failing: bad, Worst: float64(smallest),
		Detail: fmt.Sprintf("%d classes, smallest %d %s, %d below %d", len(list), smallest, unit, bad, k)}
}

func checkDistinct(list []*class, l int) Check {
	bad, least := 0, math.MaxInt
	for _, c := range list {
		least = min(least, len(c.values))
		if len(c.values) < l {
			bad++
		}
	}
	if len(list) == 0 {
		least = 0
	}
	return Check{Name: fmt.Sprintf("distinct %d-diversity", l), Passed: bad == 0,
		Claim: ClaimDistinctL, Value: float64(l), Classes: len(list), Failing: bad, Worst: float64(least),
		Detail: fmt.Sprintf("fewest distinct sensitive values in a class %d, %d classes below %d", least, bad, l)}
}

func checkEntropy(list []*class, l float64) Check {
	bad := 0
	lowest := math.Inf(1)
	for _, c := range list {
		h := 0.0
		for _, n := range c.values {
			p := float64(n) / float64(c.rows)
			h -= p * math.Log(p)
		}
		lowest = math.Min(lowest, math.Exp(h))
		if h+1e-9 < math.Log(l) {
			bad++
		}
	}
	return Check{Name: fmt.Sprintf("entropy %g-diversity", l), Passed: bad == 0,
		Claim: ClaimEntropyL, Value: l, Classes: len(list), Failing: bad, Worst: lowest,
		Detail: fmt.Sprintf("lowest exp(entropy) %.4f, %d classes below %g", lowest, bad, l)}
}

func shares(counts map[string]int) map[string]float64 {
	total := 0
	for _, n := range counts {
		total += n
	}
	out := make(map[string]float64, len(counts))
	for v, n := range counts {
		out[v] = float64(n) / float64(total)
	}
	return out
}

func checkT(list []*class, t float64, ref map[string]float64, ordered bool, source string) Check {
	order := valueOrder(ref, list)
	worst, bad := 0.0, 0
	for _, c := range list {
		d := emd(c, ref, order, ordered)
		worst = math.Max(worst, d)
		if d > t+1e-9 {
			bad++
		}
	}
	name := "equal"
	if ordered {
		name = "ordered"
	}
	return Check{Name: fmt.Sprintf("%g-closeness (%s distance)", t, name), Passed: bad == 0,
		Claim: ClaimT, Value: t, Ordered: ordered, Classes: len(list), Failing: bad, Worst: worst,
		Detail: fmt.Sprintf("largest distance %.4f against %s, %d classes above %g", worst, source, bad, t)}
}

// valueOrder lists every sensitive value, numerically when all parse as
// numbers, else as text.
func valueOrder(ref map[string]float64, list []*class) []string {
	seen := map[string]bool{}
	for v := range ref {
		seen[v] = true
	}
	for _, c := range list {
		for v := range c.values {
			seen[v] = true
		}
	}
	vals := make([]string, 0, len(seen))
	numeric := true
	for v := range seen {
		vals = append(vals, v)
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			numeric = false
		}
	}
	sort.Slice(vals, func(a, b int) bool {
		if numeric {
			x, _ := strconv.ParseFloat(vals[a], 64)
			y, _ := strconv.ParseFloat(vals[b], 64)
			return x < y
		}
		return vals[a] < vals[b]
	})
	return vals
}

// emd is the earth mover's distance between a class's distribution and
// ref: half the total variation (equal distance), or the mean absolute
// cumulative difference over the m−1 gaps of the order (ordered distance).
func emd(c *class, ref map[string]float64, order []string, ordered bool) float64 {
	if !ordered {
		sum := 0.0
		for _, v := range order {
			sum += math.Abs(float64(c.values[v])/float64(c.rows) - ref[v])
		}
		return sum / 2
	}
	if len(order) < 2 {
		return 0
	}
	acc, sum := 0.0, 0.0
	for _, v := range order[:len(order)-1] {
		acc += float64(c.values[v])/float64(c.rows) - ref[v]
		sum += math.Abs(acc)
	}
	return sum / float64(len(order)-1)
}
