package deid

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Mondrian anonymises t by multidimensional local recoding (LeFevre, DeWitt
// and Ramakrishnan, "Mondrian Multidimensional K-Anonymity", ICDE 2006),
// strict partitioning: starting from the whole table, a partition is split
// at the median of its widest normalised quasi-identifier into two
// partitions that each satisfy every class-level model of cfg (k-anonymity,
// l-diversity, t-closeness); when no dimension allows a split, the
// partition becomes an equivalence class.
//
// Dimensions are ordered numerically for integer, decimal and date
// columns, by hierarchy (siblings adjacent, then file order) for strings
// with a hierarchy, by first appearance for ordered strings and by
// dictionary order otherwise. Numeric cells are written as "[lo-hi]";
// categorical cells as the single value, the hierarchy node whose leaves
// are exactly the values present, or the set "{a,b,...}".
//
// No record is suppressed; cfg.SuppressionLimit is recorded but unused.
// cfg.Metric only selects Result.Score. It returns ErrNoSolution (wrapped)
// if the whole table does not satisfy the models, ErrInvalidConfig for a
// bad configuration, and ctx.Err() when cancelled.
func Mondrian(ctx context.Context, t *Table, cfg Config) (*Result, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	m, err := newMondrian(t, cfg)
	if err != nil {
		return nil, err
	}
	prepared := now()
	if err := m.partition(ctx); err != nil {
		return nil, err
	}
	searched := now()
	res, err := m.result()
	if err != nil {
		return nil, err
	}
	end := now()
	res.Timings = Timings{Prepare: prepared.Sub(start), Search: searched.Sub(prepared), Output: end.Sub(searched), Total: end.Sub(start)}
	return res, nil
}

// mdim is one quasi-identifier seen as an ordered dimension.
type mdim struct {
	col     *Column
	hier    *CompiledHierarchy
	numeric bool
	num     []float64 // numeric value per rank (numeric dimensions)
	rank    []uint32  // rank of each code
	byRank  []uint32  // code of each rank
	scale   float64   // normaliser of widths: value span or ranks-1
	rows    []uint32  // rank of each record (until layout)
	freq    []int     // records per code
}

// mpart is a partition: perm[lo:hi].
type mpart struct{ lo, hi int }

type mondrian struct {
	t      *Table
	cfg    Config
	n      int
	dims   []*mdim
	checks *classChecks
	perm   []int32  // record of each position
	recs   []uint32 // ranks by position: q per record, in perm order
	leaves []mpart
}

func newMondrian(t *Table, cfg Config) (*mondrian, error) {
	if t == nil || t.Rows() == 0 {
		return nil, configError(ProblemNoRecords, "", "", "the table has no records")
	}
	if len(cfg.Models) == 0 {
		return nil, configError(ProblemNoModel, "", "", "no privacy model")
	}
	if cfg.Metric != "" {
		if _, err := ParseMetric(string(cfg.Metric)); err != nil {
			return nil, err
		}
	}
	for name := range cfg.Hierarchies {
		if t.Column(name) == nil {
			return nil, configError(ProblemNoColumn, "", name, fmt.Sprintf("hierarchy for unknown column %q", name))
		}
	}
	m := &mondrian{t: t, cfg: cfg, n: t.Rows()}
	for _, c := range t.Columns {
		if c.Role != RoleQuasiIdentifying {
			continue
		}
		d, err := newDim(c, cfg.Hierarchies[c.Name])
		if err != nil {
			return nil, err
		}
		m.dims = append(m.dims, d)
	}
	if len(m.dims) == 0 {
		return nil, configError(ProblemNoQuasiIdentifier, "", "", "no quasi-identifying column")
	}
	checks, err := newClassChecks(t, cfg)
	if err != nil {
		return nil, err
	}
	m.checks = checks
	return m, nil
}

func newDim(c *Column, h *Hierarchy) (*mdim, error) {
	if h == nil {
		h = FlatHierarchy(c.Dict)
	}
	ch, err := h.Compile(c)
	if err != nil {
		return nil, err
	}
	d := &mdim{col: c, hier: ch, freq: c.Counts()}
	order, num, err := dimOrder(c, h, ch)
	if err != nil {
		return nil, err
	}
	d.byRank = order
	d.rank = make([]uint32, len(order))
	for r, code := range order {
		d.rank[code] = uint32(r)
	}
	d.scale = float64(max(len(order)-1, 1))
	if num != nil {
		d.numeric = true
		d.num = make([]float64, len(order))
		for r, code := range order {
			d.num[r] = num[code]
		}
		if span := d.num[len(order)-1] - d.num[0]; span > 0 {
			d.scale = span
		}
	}
	d.rows = make([]uint32, len(c.Codes))
	for i, code := range c.Codes {
		d.rows[i] = d.rank[code]
	}
	return d, nil
}

// dimOrder returns the codes of c in dimension order and, for numeric
// types, the numeric value of each code.
func dimOrder(c *Column, h *Hierarchy, ch *CompiledHierarchy) ([]uint32, []float64, error) {
	codes := make([]uint32, len(c.Dict))
	for i := range codes {
		codes[i] = uint32(i)
	}
	switch c.Type {
	case TypeInteger, TypeDecimal, TypeDate:
		num, err := numericValues(c)
		if err != nil {
			return nil, nil, err
		}
		sort.SliceStable(codes, func(a, b int) bool { return num[codes[a]] < num[codes[b]] })
		return codes, num, nil
	case TypeOrderedString:
		return codes, nil, nil // first appearance
	}
	if ch.Height() > 1 {
		key := hierarchyKeys(h, ch)
		sort.SliceStable(codes, func(a, b int) bool { return lessInts(key[codes[a]], key[codes[b]]) })
		return codes, nil, nil
	}
	sort.SliceStable(codes, func(a, b int) bool { return c.Dict[codes[a]] < c.Dict[codes[b]] })
	return codes, nil, nil
}

// hierarchyKeys gives each code its path from the top of the hierarchy
// (each ancestor ranked by the first file row below it), then its own file
// row, so that sorting keeps siblings adjacent in file order.
func hierarchyKeys(h *Hierarchy, ch *CompiledHierarchy) [][]int {
	first := make([][]int, ch.Height()+1)
	for l := range first {
		first[l] = make([]int, len(ch.Dicts[l]))
		for g := range first[l] {
			first[l][g] = math.MaxInt
		}
		for code, v := range ch.Dicts[0] {
			g := ch.Map[l][code]
			first[l][g] = min(first[l][g], h.index[v])
		}
	}
	keys := make([][]int, len(ch.Dicts[0]))
	for code := range ch.Dicts[0] {
		k := make([]int, 0, ch.Height()+1)
		for l := ch.Height(); l >= 0; l-- {
			k = append(k, first[l][ch.Map[l][code]])
		}
		keys[code] = k
	}
	return keys
}

func lessInts(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func numericValues(c *Column) ([]float64, error) {
	num := make([]float64, len(c.Dict))
	for code, v := range c.Dict {
		var err error
		s := strings.TrimSpace(v)
		if c.Type == TypeDate {
			var t time.Time
			t, err = time.Parse(DateLayout, s)
			num[code] = float64(t.Unix() / 86400)
		} else {
			num[code], err = strconv.ParseFloat(s, 64)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: column %q record %d is not a valid %s", ErrInvalidTable, c.Name, firstRecord(c, uint32(code)), c.Type)
		}
	}
	return num, nil
}

// partition runs the strict Mondrian recursion with an explicit stack.
func (m *mondrian) partition(ctx context.Context) error {
	m.layout()
	if !m.checks.allowed(m.perm) {
		return &ModelFailsError{Model: m.checks.failing(m.perm)}
	}
	stack := []mpart{{0, m.n}}
	lo := make([]uint32, len(m.dims))
	hi := make([]uint32, len(m.dims))
	var hist []int
	for steps := 0; len(stack) > 0; steps++ {
		if steps%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		m.bounds(p, lo, hi)
		split := -1
		for _, d := range m.byWidth(lo, hi) {
			var s uint32
			s, hist = m.median(p, d, lo[d], hi[d], hist)
			mid := m.split(p, d, s)
			if m.checks.allowed(m.perm[p.lo:mid]) && m.checks.allowed(m.perm[mid:p.hi]) {
				split = mid
				break
			}
		}
		if split < 0 {
			m.leaves = append(m.leaves, p)
			m.progress(len(m.leaves))
			continue
		}
		stack = append(stack, mpart{split, p.hi}, mpart{p.lo, split})
	}
	sort.Slice(m.leaves, func(a, b int) bool { return m.leaves[a].lo < m.leaves[b].lo })
	return nil
}

// layout builds the record-major rank array (q ranks per record, kept in
// the same order as perm) so that partition scans read memory in order.
func (m *mondrian) layout() {
	q := len(m.dims)
	m.perm = make([]int32, m.n)
	m.recs = make([]uint32, m.n*q)
	for i := range m.perm {
		m.perm[i] = int32(i)
	}
	for d, dim := range m.dims {
		for r, v := range dim.rows {
			m.recs[r*q+d] = v
		}
		dim.rows = nil
	}
}

// rank returns the rank in dimension d of the record at position i.
func (m *mondrian) rank(i, d int) uint32 { return m.recs[i*len(m.dims)+d] }

func (m *mondrian) progress(leaves int) {
	if m.cfg.Progress != nil && leaves%4096 == 0 {
		m.cfg.Progress.Report("mondrian", int64(leaves), -1)
	}
}

// bounds sets the smallest and largest rank of each dimension in p.
func (m *mondrian) bounds(p mpart, lo, hi []uint32) {
	q := len(m.dims)
	for d := range lo {
		lo[d], hi[d] = math.MaxUint32, 0
	}
	for i := p.lo; i < p.hi; i++ {
		rec := m.recs[i*q : i*q+q]
		for d, v := range rec {
			lo[d] = min(lo[d], v)
			hi[d] = max(hi[d], v)
		}
	}
}

// byWidth returns the dimensions with more than one value, widest
// normalised span first (ties: table order).
func (m *mondrian) byWidth(lo, hi []uint32) []int {
	var ds []int
	width := make([]float64, len(m.dims))
	for d, dim := range m.dims {
		if hi[d] > lo[d] {
			ds = append(ds, d)
			width[d] = dim.width(lo[d], hi[d])
		}
	}
	sort.SliceStable(ds, func(a, b int) bool { return width[ds[a]] > width[ds[b]] })
	return ds
}

func (d *mdim) width(lo, hi uint32) float64 {
	if d.numeric {
		return (d.num[hi] - d.num[lo]) / d.scale
	}
	return float64(hi-lo) / d.scale
}

// median returns the split rank s of partition p in dimension d: records
// with rank <= s go left. s is the median rank, moved down when every
// record would go left, so both sides are non-empty (lo < hi is required).
func (m *mondrian) median(p mpart, d int, lo, hi uint32, hist []int) (uint32, []int) {
	span := int(hi-lo) + 1
	if span > 4*(p.hi-p.lo) {
		return m.medianSorted(p, d, hi), hist
	}
	if cap(hist) < span {
		hist = make([]int, span)
	}
	hist = hist[:span]
	clear(hist)
	for i := p.lo; i < p.hi; i++ {
		hist[m.rank(i, d)-lo]++
	}
	half := (p.hi - p.lo + 1) / 2
	acc := 0
	s := 0
	for i, c := range hist {
		acc += c
		if acc >= half {
			s = i
			break
		}
	}
	if s == span-1 { // median is the largest value: split just below it
		for s--; hist[s] == 0; s-- {
		}
	}
	return lo + uint32(s), hist
}

// split reorders partition p so records with rank <= s in dimension d
// come first and returns the index of the first other record.
func (m *mondrian) split(p mpart, d int, s uint32) int {
	q := len(m.dims)
	i, j := p.lo, p.hi-1
	for i <= j {
		if m.recs[i*q+d] <= s {
			i++
			continue
		}
		m.perm[i], m.perm[j] = m.perm[j], m.perm[i]
		a, b := m.recs[i*q:i*q+q], m.recs[j*q:j*q+q]
		for k := range a {
			a[k], b[k] = b[k], a[k]
		}
		j--
	}
	return i
}

// medianSorted is median for sparse partitions (few records, wide span).
func (m *mondrian) medianSorted(p mpart, d int, hi uint32) uint32 {
	ranks := make([]uint32, 0, p.hi-p.lo)
	for i := p.lo; i < p.hi; i++ {
		ranks = append(ranks, m.rank(i, d))
	}
	sort.Slice(ranks, func(a, b int) bool { return ranks[a] < ranks[b] })
	i := (len(ranks) - 1) / 2
	if ranks[i] < hi {
		return ranks[i]
	}
	for ranks[i] == hi {
		i--
	}
	return ranks[i]
}
