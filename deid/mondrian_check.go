package deid

import (
	"fmt"
	"math"
	"sort"
)

// classChecks evaluates the class-level models of a configuration on a
// set of records (Mondrian's partitions). Table-level models (AverageRisk)
// are checked on the result.
type classChecks struct {
	k      int
	sens   []*msens
	avgMax float64
	// entity codes per record (Config.Entity), nil without: k then counts
	// distinct patients; seen is scratch, all false between calls.
	entity []uint32
	seen   []bool
}

// msens is one sensitive attribute with the models that reference it.
type msens struct {
	name      string
	codes     []uint32
	counts    []int // scratch, all zero between calls
	touched   []uint32
	distinct  []DistinctLDiversity
	entropy   []EntropyLDiversity
	recursive []RecursiveCLDiversity
	tclose    []mtclose
}

// mtclose is a t-closeness model compiled for one attribute.
type mtclose struct {
	m    TCloseness
	dist []float64 // whole-table distribution per code
	rank []int     // ordered distance
	hier *CompiledHierarchy
}

func newClassChecks(t *Table, cfg Config) (*classChecks, error) {
	cc := &classChecks{k: 1}
	for _, model := range cfg.Models {
		if model == nil {
			return nil, fmt.Errorf("%w: nil model", ErrInvalidConfig)
		}
		if err := model.validate(t); err != nil {
			return nil, err
		}
		if err := cc.add(t, cfg, model); err != nil {
			return nil, err
		}
	}
	if cfg.Entity != "" {
		c := t.Column(cfg.Entity)
		if c == nil {
			return nil, noColumn("entity column", cfg.Entity)
		}
		if c.Role == RoleQuasiIdentifying {
			return nil, configError(ProblemEntityQuasiIdentifier, "", cfg.Entity, fmt.Sprintf("entity column %q cannot be a quasi-identifier", cfg.Entity))
		}
		cc.entity, cc.seen = c.Codes, make([]bool, len(c.Dict))
	}
	return cc, nil
}

// patients returns the number of distinct entities among rows, stopping
// early once it reaches k.
func (cc *classChecks) patients(rows []int32) int {
	n := 0
	var touched []uint32
	for _, r := range rows {
		e := cc.entity[r]
		if !cc.seen[e] {
			cc.seen[e] = true
			touched = append(touched, e)
			if n++; n >= cc.k {
				break
			}
		}
	}
	for _, e := range touched {
		cc.seen[e] = false
	}
	return n
}

func (cc *classChecks) add(t *Table, cfg Config, model Model) error {
	switch m := model.(type) {
	case KAnonymity:
		cc.k = max(cc.k, m.K)
	case AverageRisk:
		if cc.avgMax == 0 || m.Threshold < cc.avgMax {
			cc.avgMax = m.Threshold
		}
	case DistinctLDiversity:
		s := cc.attr(t, m.Attribute)
		s.distinct = append(s.distinct, m)
	case EntropyLDiversity:
		s := cc.attr(t, m.Attribute)
		s.entropy = append(s.entropy, m)
	case RecursiveCLDiversity:
		s := cc.attr(t, m.Attribute)
		s.recursive = append(s.recursive, m)
	case TCloseness:
		tc, err := compileTCloseness(t, cfg, m)
		if err != nil {
			return err
		}
		s := cc.attr(t, m.Attribute)
		s.tclose = append(s.tclose, tc)
	default:
		return configError(ProblemMondrianModel, model.String(), "", fmt.Sprintf("model %s is not supported by Mondrian", model))
	}
	return nil
}

func (cc *classChecks) attr(t *Table, name string) *msens {
	for _, s := range cc.sens {
		if s.name == name {
			return s
		}
	}
	c := t.Column(name)
	s := &msens{name: name, codes: c.Codes, counts: make([]int, len(c.Dict))}
	cc.sens = append(cc.sens, s)
	return s
}

func compileTCloseness(t *Table, cfg Config, m TCloseness) (mtclose, error) {
	c := t.Column(m.Attribute)
	tc := mtclose{m: m, dist: make([]float64, len(c.Dict))}
	for code, f := range c.Counts() {
		tc.dist[code] = float64(f) / float64(t.Rows())
	}
	switch m.Distance {
	case OrderedDistance:
		tc.rank = orderRanks(c, cfg.Hierarchies[c.Name])
	case HierarchicalDistance:
		h := cfg.Hierarchies[c.Name]
		if h == nil {
			return tc, configError(ProblemNeedsHierarchy, m.String(), c.Name, fmt.Sprintf("%s needs a hierarchy for %q", m, c.Name))
		}
		ch, err := h.Compile(c)
		if err != nil {
			return tc, err
		}
		if len(ch.Dicts[ch.Height()]) != 1 {
			return tc, configError(ProblemSingleRoot, m.String(), c.Name, fmt.Sprintf("%s: the hierarchy of %q must end in a single root", m, c.Name))
		}
		tc.hier = ch
	}
	return tc, nil
}

// allowed reports whether the records form a class satisfying every
// class-level model.
func (cc *classChecks) allowed(rows []int32) bool {
	return cc.failing(rows) == ""
}

// failing names the first class-level model the records violate, or "".
func (cc *classChecks) failing(rows []int32) string {
	if len(rows) < cc.k || (cc.entity != nil && cc.patients(rows) < cc.k) {
		return KAnonymity{K: cc.k}.String()
	}
	for _, s := range cc.sens {
		if f := s.failing(rows); f != "" {
			return f
		}
	}
	return ""
}

func (s *msens) failing(rows []int32) string {
	s.touched = s.touched[:0]
	for _, r := range rows {
		c := s.codes[r]
		if s.counts[c] == 0 {
			s.touched = append(s.touched, c)
		}
		s.counts[c]++
	}
	defer s.reset()
	for _, m := range s.distinct {
		if len(s.touched) < m.L {
			return m.String()
		}
	}
	for _, m := range s.entropy {
		if entropyOf(s.counts, s.touched, len(rows)) < math.Log(m.L)-1e-12 {
			return m.String()
		}
	}
	for _, m := range s.recursive {
		if !recursiveOK(s.counts, s.touched, m) {
			return m.String()
		}
	}
	for _, tc := range s.tclose {
		if tc.emd(s.counts, len(rows)) > tc.m.T+1e-12 {
			return tc.m.String()
		}
	}
	return ""
}

func (s *msens) reset() {
	for _, c := range s.touched {
		s.counts[c] = 0
	}
}

// entropyOf is the natural-log entropy of the counts of the touched codes.
func entropyOf(counts []int, touched []uint32, n int) float64 {
	e := 0.0
	for _, c := range touched {
		p := float64(counts[c]) / float64(n)
		e -= p * math.Log(p)
	}
	return e
}

// recursiveOK checks r1 < c·(r_l + ... + r_m) with r sorted descending.
func recursiveOK(counts []int, touched []uint32, m RecursiveCLDiversity) bool {
	if len(touched) < m.L {
		return false
	}
	r := make([]int, len(touched))
	for i, c := range touched {
		r[i] = counts[c]
	}
	sort.Sort(sort.Reverse(sort.IntSlice(r)))
	tail := 0
	for _, v := range r[m.L-1:] {
		tail += v
	}
	return float64(r[0]) < m.C*float64(tail)
}

// emd is the earth mover's distance between the class distribution
// (counts over n records) and the whole table's.
func (tc *mtclose) emd(counts []int, n int) float64 {
	switch tc.m.Distance {
	case OrderedDistance:
		return tc.orderedEMD(counts, n)
	case HierarchicalDistance:
		return tc.hierarchicalEMD(counts, n)
	}
	d := 0.0
	for code, q := range tc.dist {
		d += math.Abs(float64(counts[code])/float64(n) - q)
	}
	return d / 2
}

func (tc *mtclose) orderedEMD(counts []int, n int) float64 {
	m := len(tc.dist)
	if m < 2 {
		return 0
	}
	diff := make([]float64, m)
	for code, q := range tc.dist {
		diff[tc.rank[code]] = float64(counts[code])/float64(n) - q
	}
	acc, sum := 0.0, 0.0
	for _, d := range diff {
		acc += d
		sum += math.Abs(acc)
	}
	return sum / float64(m-1)
}

// hierarchicalEMD follows Li, Li and Venkatasubramanian (2007): the extra
// mass of each node's children is moved through the node at cost
// level/height.
func (tc *mtclose) hierarchicalEMD(counts []int, n int) float64 {
	h := tc.hier
	height := h.Height()
	if height == 0 {
		return 0
	}
	extra := make([]float64, len(h.Dicts[0]))
	for code, q := range tc.dist {
		extra[code] = float64(counts[code])/float64(n) - q
	}
	cost := 0.0
	for l := 1; l <= height; l++ {
		pos := make([]float64, len(h.Dicts[l]))
		neg := make([]float64, len(h.Dicts[l]))
		next := make([]float64, len(h.Dicts[l]))
		for c, e := range extra {
			g := h.Parent[l-1][c]
			next[g] += e
			if e > 0 {
				pos[g] += e
			} else {
				neg[g] -= e
			}
		}
		for g := range next {
			cost += float64(l) / float64(height) * math.Min(pos[g], neg[g])
		}
		extra = next
	}
	return cost
}
