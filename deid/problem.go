package deid

import (
	"fmt"
	"math"
	"math/bits"
	"sort"
	"strconv"
	"time"
)

// maxNodes bounds the generalisation lattice the optimal search accepts
// (its per-node state takes about 70 bytes a node).
const maxNodes = 1 << 22

// problem is a table and configuration compiled for the search: codes,
// key layout, per-level metric tables and class-level model checks. It is
// shared by the lattice search and Mondrian.
type problem struct {
	t       *Table
	cfg     Config
	metric  Metric
	n       int   // records
	qi      []int // column index of each quasi-identifier
	names   []string
	hier    []*CompiledHierarchy
	heights []int

	// Key layout: key = qiPart<<sbits | sensPart; qi field i at shift[i].
	shift []uint
	width []uint
	sbits uint
	sens  []*sensAttr
	// ent is the entity (patient) column's field, nil without one; it
	// lies in the low bits with the sensitive attributes.
	ent    *sensAttr
	maxK   int
	avgMax float64 // 0: no average-risk model
	mono   bool    // all models monotone for this suppression limit
	// supersetClosed: a class containing a valid class is valid (only
	// k-anonymity, distinct l-diversity and average risk), so a record
	// suppressed in a node is suppressed in all its specialisations.
	supersetClosed bool
	maxSup         int // floor(limit*n)

	// Per quasi-identifier and level (see metric.go).
	freq     [][][]int     // freq[i][l][code] records per generalised code
	entSum   [][]float64   // Σ_records -log2(f0/fl)
	entSupp  [][][]float64 // extra bits per record when a code is suppressed
	lossSum  [][]float64   // Σ_records loss of the cell
	lossSupp [][][]float64 // extra loss per record when suppressed

	// up[i][a][b][code] maps a level-a code to level b (a <= b).
	up [][][][]uint32

	strides []int
	nodes   int
	now     func() time.Time
	ev      *evaluator // set by search: its base frequency set is reused
}

// sensAttr is one sensitive attribute referenced by class-level models.
type sensAttr struct {
	col   int
	name  string
	shift uint
	width uint
	size  int
	dist  []float64 // overall distribution
	rank  []int     // ordered distance: rank of each code
	hier  *CompiledHierarchy
	// models on this attribute
	distinct  int
	entropy   float64 // ln(l); 0 = none
	recursive []RecursiveCLDiversity
	tclose    []TCloseness
}

func bitsFor(n int) uint {
	if n <= 1 {
		return 1
	}
	return uint(bits.Len(uint(n - 1)))
}

func prepare(t *Table, cfg Config) (*problem, error) {
	if t == nil || t.Rows() == 0 {
		return nil, configError(ProblemNoRecords, "", "", "the table has no records")
	}
	if len(cfg.Models) == 0 {
		return nil, configError(ProblemNoModel, "", "", "no privacy model")
	}
	if !(cfg.SuppressionLimit >= 0 && cfg.SuppressionLimit <= 1) {
		return nil, configError(ProblemSuppressionLimit, "", "", fmt.Sprintf("suppression limit %g outside [0,1]", cfg.SuppressionLimit))
	}
	p := &problem{t: t, cfg: cfg, metric: cfg.Metric, n: t.Rows(), mono: true, now: cfg.Now}
	if p.metric == "" {
		p.metric = MetricDM
	}
	if _, err := ParseMetric(string(p.metric)); err != nil {
		return nil, err
	}
	if p.now == nil {
		p.now = time.Now
	}
	p.maxSup = int(math.Floor(cfg.SuppressionLimit*float64(p.n) + 1e-9))
	for name := range cfg.Hierarchies {
		if t.Column(name) == nil {
			return nil, configError(ProblemNoColumn, "", name, fmt.Sprintf("hierarchy for unknown column %q", name))
		}
	}
	if err := p.compileQIs(); err != nil {
		return nil, err
	}
	if err := p.compileModels(); err != nil {
		return nil, err
	}
	if err := p.compileEntity(); err != nil {
		return nil, err
	}
	if err := p.layout(); err != nil {
		return nil, err
	}
	p.precompute()
	return p, nil
}

func (p *problem) compileQIs() error {
	for i, c := range p.t.Columns {
		if c.Role != RoleQuasiIdentifying {
			continue
		}
		h := p.cfg.Hierarchies[c.Name]
		if h == nil {
			h = FlatHierarchy(c.Dict)
		}
		ch, err := h.Compile(c)
		if err != nil {
			return err
		}
		p.qi = append(p.qi, i)
		p.names = append(p.names, c.Name)
		p.hier = append(p.hier, ch)
		p.heights = append(p.heights, ch.Height())
	}
	if len(p.qi) == 0 {
		return configError(ProblemNoQuasiIdentifier, "", "", "no quasi-identifying column")
	}
	p.nodes = 1
	p.strides = make([]int, len(p.qi))
	for i := len(p.qi) - 1; i >= 0; i-- {
		p.strides[i] = p.nodes
		p.nodes *= p.heights[i] + 1
		if p.nodes > maxNodes {
			e := configError(ProblemLatticeTooLarge, "", "", fmt.Sprintf("the generalisation lattice has more than %d nodes; use fewer quasi-identifiers or flatter hierarchies", maxNodes))
			e.Want = maxNodes
			return e
		}
	}
	return nil
}

func (p *problem) sensFor(name string) (*sensAttr, error) {
	for _, s := range p.sens {
		if s.name == name {
			return s, nil
		}
	}
	col := p.t.ColumnIndex(name)
	c := p.t.Columns[col]
	s := &sensAttr{col: col, name: name, size: len(c.Dict)}
	s.dist = make([]float64, s.size)
	for code, f := range c.Counts() {
		s.dist[code] = float64(f) / float64(p.n)
	}
	p.sens = append(p.sens, s)
	return s, nil
}

func (p *problem) compileModels() error {
	p.supersetClosed = true
	for _, m := range p.cfg.Models {
		if m == nil {
			return fmt.Errorf("%w: nil model", ErrInvalidConfig)
		}
		if err := m.validate(p.t); err != nil {
			return err
		}
		if !m.monotone(p.cfg.SuppressionLimit) {
			p.mono = false
		}
		var err error
		switch m := m.(type) {
		case KAnonymity:
			p.maxK = max(p.maxK, m.K)
		case AverageRisk:
			if p.avgMax == 0 || m.Threshold < p.avgMax {
				p.avgMax = m.Threshold
			}
		case DistinctLDiversity:
			err = p.addSens(m.Attribute, func(s *sensAttr) error { s.distinct = max(s.distinct, m.L); return nil })
		case EntropyLDiversity:
			err = p.addSens(m.Attribute, func(s *sensAttr) error { s.entropy = math.Max(s.entropy, math.Log(m.L)); return nil })
		case RecursiveCLDiversity:
			err = p.addSens(m.Attribute, func(s *sensAttr) error { s.recursive = append(s.recursive, m); return nil })
		case TCloseness:
			err = p.addSens(m.Attribute, func(s *sensAttr) error { return p.addTCloseness(s, m) })
		}
		switch m.(type) {
		case KAnonymity, DistinctLDiversity, AverageRisk:
		default:
			p.supersetClosed = false
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *problem) addSens(name string, f func(*sensAttr) error) error {
	s, err := p.sensFor(name)
	if err != nil {
		return err
	}
	return f(s)
}

func (p *problem) addTCloseness(s *sensAttr, m TCloseness) error {
	c := p.t.Columns[s.col]
	switch m.Distance {
	case OrderedDistance:
		if s.rank == nil {
			s.rank = orderRanks(c, p.cfg.Hierarchies[c.Name])
		}
	case HierarchicalDistance:
		h := p.cfg.Hierarchies[c.Name]
		if h == nil {
			return configError(ProblemNeedsHierarchy, m.String(), c.Name, fmt.Sprintf("%s needs a hierarchy for %q", m, c.Name))
		}
		ch, err := h.Compile(c)
		if err != nil {
			return err
		}
		if len(ch.Dicts[ch.Height()]) != 1 {
			return configError(ProblemSingleRoot, m.String(), c.Name, fmt.Sprintf("%s: the hierarchy of %q must end in a single root", m, c.Name))
		}
		s.hier = ch
	}
	s.tclose = append(s.tclose, m)
	return nil
}

// orderRanks orders a column's codes: numerically for integer, decimal and
// date columns, else by the hierarchy's row order, else by first appearance.
func orderRanks(c *Column, h *Hierarchy) []int {
	idx := make([]int, len(c.Dict))
	for i := range idx {
		idx[i] = i
	}
	switch {
	case c.Type == TypeInteger || c.Type == TypeDecimal:
		num := make([]float64, len(c.Dict))
		for i, v := range c.Dict {
			num[i], _ = strconv.ParseFloat(v, 64)
		}
		sort.SliceStable(idx, func(a, b int) bool { return num[idx[a]] < num[idx[b]] })
	case c.Type == TypeDate:
		sort.SliceStable(idx, func(a, b int) bool { return c.Dict[idx[a]] < c.Dict[idx[b]] })
	case h != nil:
		pos := make([]int, len(c.Dict))
		for i, v := range c.Dict {
			pos[i] = len(c.Dict) + i
			if r, ok := h.index[v]; ok {
				pos[i] = r
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return pos[idx[a]] < pos[idx[b]] })
	}
	rank := make([]int, len(c.Dict))
	for r, code := range idx {
		rank[code] = r
	}
	return rank
}

// compileEntity checks Config.Entity: an existing column that is not a
// quasi-identifier, with models whose classes stay valid when they grow
// (k-anonymity, distinct l-diversity), which whole-patient suppression
// needs.
func (p *problem) compileEntity() error {
	name := p.cfg.Entity
	if name == "" {
		return nil
	}
	col := p.t.ColumnIndex(name)
	if col < 0 {
		return noColumn("entity column", name)
	}
	if p.t.Columns[col].Role == RoleQuasiIdentifying {
		return configError(ProblemEntityQuasiIdentifier, "", name, fmt.Sprintf("entity column %q cannot be a quasi-identifier", name))
	}
	for _, m := range p.cfg.Models {
		switch m.(type) {
		case KAnonymity, DistinctLDiversity:
		default:
			return configError(ProblemEntityModel, m.String(), "", m.String()+" is not supported with an entity column (k-anonymity and distinct l-diversity are)")
		}
	}
	p.ent = &sensAttr{col: col, name: name, size: len(p.t.Columns[col].Dict)}
	return nil
}

func (p *problem) layout() error {
	var s uint
	for _, a := range p.sens {
		a.shift = s
		a.width = bitsFor(a.size)
		s += a.width
	}
	if p.ent != nil {
		p.ent.shift = s
		p.ent.width = bitsFor(p.ent.size)
		s += p.ent.width
	}
	p.sbits = s
	total := s
	p.shift = make([]uint, len(p.qi))
	p.width = make([]uint, len(p.qi))
	for i := len(p.qi) - 1; i >= 0; i-- {
		p.width[i] = bitsFor(len(p.hier[i].Dicts[0]))
		p.shift[i] = total - p.sbits
		total += p.width[i]
	}
	if total > 64 {
		e := configError(ProblemKeyTooWide, "", "", fmt.Sprintf("quasi-identifiers and sensitive attributes need %d bits per record key, at most 64 are supported; use fewer or coarser columns", total))
		e.Got, e.Want = int(total), 64
		return e
	}
	return nil
}

// levelsOf decodes a lattice node index into levels.
func (p *problem) levelsOf(node int, out []int) []int {
	out = out[:0]
	for i := range p.qi {
		out = append(out, node/p.strides[i]%(p.heights[i]+1))
	}
	return out
}

// nodeOf encodes levels into a lattice node index.
func (p *problem) nodeOf(levels []int) int {
	n := 0
	for i, l := range levels {
		n += l * p.strides[i]
	}
	return n
}

// baseKeys returns each record's level-0 key (quasi-identifiers and
// sensitive attributes packed).
func (p *problem) recordKey(row int, levels []int) uint64 {
	var k uint64
	for i, col := range p.qi {
		code := p.t.Columns[col].Codes[row]
		if levels != nil {
			code = p.hier[i].Map[levels[i]][code]
		}
		k |= uint64(code) << (p.shift[i] + p.sbits)
	}
	for _, s := range p.sens {
		k |= uint64(p.t.Columns[s.col].Codes[row]) << s.shift
	}
	if p.ent != nil {
		k |= uint64(p.t.Columns[p.ent.col].Codes[row]) << p.ent.shift
	}
	return k
}

// blockKeys sets out[j] to recordKey(from+j, levels), a column at a time
// (sequential reads of each column instead of one record's columns).
func (p *problem) blockKeys(from int, levels []int, out []uint64) {
	clear(out)
	for i, col := range p.qi {
		codes := p.t.Columns[col].Codes[from : from+len(out)]
		sh := p.shift[i] + p.sbits
		if levels == nil || levels[i] == 0 {
			for j, c := range codes {
				out[j] |= uint64(c) << sh
			}
			continue
		}
		m := p.hier[i].Map[levels[i]]
		for j, c := range codes {
			out[j] |= uint64(m[c]) << sh
		}
	}
	for _, s := range p.sens {
		codes := p.t.Columns[s.col].Codes[from : from+len(out)]
		for j, c := range codes {
			out[j] |= uint64(c) << s.shift
		}
	}
	if p.ent != nil {
		codes := p.t.Columns[p.ent.col].Codes[from : from+len(out)]
		for j, c := range codes {
			out[j] |= uint64(c) << p.ent.shift
		}
	}
}

// keySpace bounds the number of distinct keys at levels: the product of the
// level dictionaries' sizes (and of the sensitive attributes' sizes),
// saturating at 1<<40.
func (p *problem) keySpace(levels []int) int {
	n := 1
	for i, l := range levels {
		n *= len(p.hier[i].Dicts[l])
		if n > 1<<40 {
			return 1 << 40
		}
	}
	for _, s := range p.sens {
		n *= s.size
		if n > 1<<40 {
			return 1 << 40
		}
	}
	if p.ent != nil {
		n *= p.ent.size
		if n > 1<<40 {
			return 1 << 40
		}
	}
	return n
}
