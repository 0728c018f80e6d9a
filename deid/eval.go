package deid

import (
	"context"
	"math"
	"math/bits"
	"slices"
)

// freqSet is the frequency set of a lattice node: the distinct packed keys
// (generalised quasi-identifiers and raw sensitive values) with counts.
type freqSet struct {
	node   int
	levels []int
	keys   []uint64
	counts []uint32
	used   int64 // searcher's recency stamp
	uses   int   // roll-ups that started from this set (searcher's cache)
}

// keep is the set's eviction priority in the searcher's cache (lowest
// goes first).
func (fs *freqSet) keep() int64 { return fs.used + useBonus*int64(fs.uses) }

// nodeStats summarises one evaluated node.
type nodeStats struct {
	classes    int     // all classes, suppressed included
	kept       int     // kept classes
	suppressed int     // suppressed records
	sumSqAll   float64 // Σ|E|·max(|E|,k) over all classes (DM lower bound)
	sumSqKept  float64
	anonymous  bool
	suppCodes  [][]int // per QI: suppressed records per generalised code (optional)
	extraEnt   float64 // suppression part of the entropy (with suppCodes)
	extraLoss  float64 // suppression part of the loss (with suppCodes)
	lb, score  float64
	values     MetricValues
	validEntry []bool // optional: whether each entry's class is kept
}

// hashIndex is an open-addressing index from uint64 keys to slots of a
// parallel key slice.
type hashIndex struct {
	slots []int32
	shift uint
	mask  uint64
}

func (h *hashIndex) reset(n int) {
	b := uint(bits.Len(uint(2*n + 1)))
	if b < 4 {
		b = 4
	}
	size := 1 << b
	if cap(h.slots) >= size {
		h.slots = h.slots[:size]
	} else {
		h.slots = make([]int32, size)
	}
	for i := range h.slots {
		h.slots[i] = -1
	}
	h.shift = 64 - b
	h.mask = uint64(size - 1)
}

// find returns the slot for key (index into keys or -1) and its position.
func (h *hashIndex) find(key uint64, keys []uint64) (int32, uint64) {
	pos := (key * 0x9E3779B97F4A7C15) >> h.shift
	for {
		s := h.slots[pos]
		if s < 0 || keys[s] == key {
			return s, pos
		}
		pos = (pos + 1) & h.mask
	}
}

// evaluator evaluates lattice nodes, reusing scratch space. It is not safe
// for concurrent use.
type evaluator struct {
	p  *problem
	h  hashIndex
	ch hashIndex
	ct countTable
	// roll-up output buffers, reused
	keyBuf   []uint64
	countBuf []uint32
	base     *freqSet

	// scratch
	classOf   []int32
	classKeys []uint64
	classSize []uint32
	order     []int32
	start     []int32
	cnt       [][]uint32
	touched   [][]uint32
	emd       []float64
	emd2      [][]float64
	dead      []bool // entity mode: suppressed patients
	seen      []bool // entity mode: patients counted in a class
}

func newEvaluator(ctx context.Context, p *problem) (*evaluator, error) {
	e := scratchEvaluator(p)
	levels := make([]int, len(p.qi))
	fs := &freqSet{levels: levels}
	e.h.reset(min(p.n, 1<<16))
	var block [1 << 12]uint64 // divides the 1<<16 rows between checks
	for from := 0; from < p.n; from += len(block) {
		if from&(1<<16-1) == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if p.cfg.Progress != nil && from&(1<<20-1) == 0 {
				p.cfg.Progress.Report("prepare", int64(from), int64(p.n))
			}
		}
		keys := block[:min(len(block), p.n-from)]
		p.blockKeys(from, nil, keys)
		for _, k := range keys {
			s, pos := e.h.find(k, fs.keys)
			if s >= 0 {
				fs.counts[s]++
				continue
			}
			e.h.slots[pos] = int32(len(fs.keys))
			fs.keys = append(fs.keys, k)
			fs.counts = append(fs.counts, 1)
			if 2*len(fs.keys) > len(e.h.slots) {
				e.rehash(fs.keys)
			}
		}
	}
	e.base = fs
	return e, nil
}

// scratchEvaluator returns an evaluator without a base frequency set.
func scratchEvaluator(p *problem) *evaluator {
	e := &evaluator{p: p}
	e.cnt = make([][]uint32, len(p.sens))
	e.touched = make([][]uint32, len(p.sens))
	for i, s := range p.sens {
		e.cnt[i] = make([]uint32, s.size)
	}
	return e
}

// fork returns an evaluator sharing e's base with its own scratch space,
// for another goroutine.
func (e *evaluator) fork() *evaluator {
	f := scratchEvaluator(e.p)
	f.base = e.base
	return f
}

func (e *evaluator) rehash(keys []uint64) {
	e.h.reset(2 * len(keys))
	for i, k := range keys {
		_, pos := e.h.find(k, keys[:i])
		e.h.slots[pos] = int32(i)
	}
}

// countTable is an open-addressing index from keys to positions in the
// output being built: slot value idx+1, 0 empty. It is sized for the
// output (grown by doubling), not the input, and holds 4 bytes a slot, so
// it stays in cache while the source is streamed through it.
type countTable struct {
	slots []uint32
	shift uint
	mask  uint64
}

// prepare empties the table with room for about n keys.
func (t *countTable) prepare(n int) {
	b := uint(bits.Len(uint(2*n + 1)))
	if b < 6 {
		b = 6
	}
	size := 1 << b
	if cap(t.slots) >= size {
		t.slots = t.slots[:size]
		clear(t.slots)
	} else {
		t.slots = make([]uint32, size)
	}
	t.shift = 64 - b
	t.mask = uint64(size - 1)
}

// regrow doubles the table and reinserts keys.
func (t *countTable) regrow(keys []uint64) {
	t.prepare(len(t.slots))
	for i, k := range keys {
		pos := (k * 0x9E3779B97F4A7C15) >> t.shift
		for t.slots[pos] != 0 {
			pos = (pos + 1) & t.mask
		}
		t.slots[pos] = uint32(i) + 1
	}
}

// rollup computes the frequency set of levels (a generalisation of src's
// levels) by mapping src's keys through the hierarchies. Entries keep the
// order of first appearance in src.
func (e *evaluator) rollup(src *freqSet, node int, levels []int) *freqSet {
	p := e.p
	type change struct {
		pos  uint
		mask uint64
		m    []uint32
	}
	var chBuf [16]change
	ch := chBuf[:0]
	for i, l := range levels {
		if l != src.levels[i] {
			ch = append(ch, change{p.shift[i] + p.sbits, uint64(1)<<p.width[i] - 1, p.up[i][src.levels[i]][l]})
		}
	}
	out := &freqSet{node: node, levels: slices.Clone(levels)}
	if len(ch) == 0 {
		out.keys, out.counts = src.keys, src.counts
		return out
	}
	var clearMask uint64
	for _, c := range ch {
		clearMask |= c.mask << c.pos
	}
	t := &e.ct
	// Start small: most roll-ups shrink the set a lot; the table doubles
	// when half full.
	t.prepare(min(len(src.keys)/4+16, p.keySpace(levels)))
	keys, counts := e.keyBuf[:0], e.countBuf[:0]
	limit := len(t.slots) / 2
	// Map the keys in blocks first (no branches), then count them.
	var block [256]uint64
	for b := 0; b < len(src.keys); b += len(block) {
		in := src.keys[b:min(b+len(block), len(src.keys))]
		mapped := block[:len(in)]
		for j, k := range in {
			mapped[j] = k &^ clearMask
		}
		for _, c := range ch {
			m, pos, mask := c.m, c.pos, c.mask
			for j, k := range in {
				mapped[j] |= uint64(m[(k>>pos)&mask]) << pos
			}
		}
		cnt := src.counts[b : b+len(in)]
		for j, nk := range mapped {
			slots, mask := t.slots, t.mask
			pos := (nk * 0x9E3779B97F4A7C15) >> t.shift
			for {
				s := slots[pos]
				if s == 0 {
					slots[pos] = uint32(len(keys)) + 1
					keys = append(keys, nk)
					counts = append(counts, cnt[j])
					if len(keys) > limit {
						t.regrow(keys)
						limit = len(t.slots) / 2
					}
					break
				}
				if keys[s-1] == nk {
					counts[s-1] += cnt[j]
					break
				}
				pos = (pos + 1) & mask
			}
		}
	}
	out.keys, out.counts = slices.Clone(keys), slices.Clone(counts)
	e.keyBuf, e.countBuf = keys, counts
	return out
}

// classify groups a frequency set into equivalence classes, applies the
// class-level models and suppression, and computes the node's statistics.
// withCodes fills suppCodes; withValid fills validEntry.
func (e *evaluator) classify(fs *freqSet, withCodes, withValid bool) *nodeStats {
	p := e.p
	if p.ent != nil {
		return e.classifyEntity(fs, withCodes, withValid)
	}
	st := &nodeStats{}
	var sizes []uint32
	var keys []uint64
	m := len(fs.keys)
	if len(p.sens) == 0 {
		sizes, keys = fs.counts, fs.keys // sbits == 0
	} else {
		e.groupClasses(fs)
		sizes, keys = e.classSize, e.classKeys
	}
	st.classes = len(sizes)
	var valid []bool
	if withValid {
		valid = make([]bool, len(sizes))
	}
	if withCodes {
		st.suppCodes = make([][]int, len(p.qi))
		for i, l := range fs.levels {
			st.suppCodes[i] = make([]int, len(p.hier[i].Dicts[l]))
		}
	}
	k := float64(max(p.maxK, 1))
	for c, sz := range sizes {
		f := float64(sz)
		st.sumSqAll += f * max(f, k) // both positive: the builtin, not math.Max's call
		ok := int(sz) >= p.maxK
		if ok && len(p.sens) > 0 {
			ok = e.sensOK(c, fs)
		}
		if valid != nil {
			valid[c] = ok
		}
		if ok {
			st.kept++
			st.sumSqKept += f * f
			continue
		}
		st.suppressed += int(sz)
		if withCodes {
			qk := keys[c] // the QI part (no sensitive bits)
			for i := range p.qi {
				st.suppCodes[i][(qk>>p.shift[i])&(uint64(1)<<p.width[i]-1)] += int(sz)
			}
		}
	}
	st.anonymous = st.suppressed <= p.maxSup && st.kept > 0
	if st.anonymous && p.avgMax > 0 {
		st.anonymous = float64(st.kept) <= p.avgMax*float64(p.n-st.suppressed)
	}
	if withValid {
		st.validEntry = make([]bool, m)
		for j := range st.validEntry {
			if len(p.sens) == 0 {
				st.validEntry[j] = valid[j]
			} else {
				st.validEntry[j] = valid[e.classOf[j]]
			}
		}
	}
	st.values = p.values(fs.levels, st)
	st.score = p.score(fs.levels, st, st.values)
	st.lb = p.lowerBound(fs.levels, st)
	return st
}

// groupClasses groups entries by their quasi-identifier part: classKeys
// (QI part), classSize, classOf per entry, and order/start listing the
// entries of each class contiguously.
func (e *evaluator) groupClasses(fs *freqSet) {
	p := e.p
	m := len(fs.keys)
	e.classOf = grow(e.classOf, m)
	e.classKeys = e.classKeys[:0]
	e.classSize = e.classSize[:0]
	e.ch.reset(m)
	for j, k := range fs.keys {
		qk := k >> p.sbits
		s, pos := e.ch.find(qk, e.classKeys)
		if s < 0 {
			s = int32(len(e.classKeys))
			e.ch.slots[pos] = s
			e.classKeys = append(e.classKeys, qk)
			e.classSize = append(e.classSize, 0)
		}
		e.classOf[j] = s
		e.classSize[s] += fs.counts[j]
	}
	nc := len(e.classKeys)
	e.start = grow(e.start, nc+1)
	clear(e.start)
	for _, c := range e.classOf[:m] {
		e.start[c+1]++
	}
	for c := 1; c <= nc; c++ {
		e.start[c] += e.start[c-1]
	}
	e.order = grow(e.order, m)
	fill := slices.Clone(e.start[:nc])
	for j, c := range e.classOf[:m] {
		e.order[fill[c]] = int32(j)
		fill[c]++
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// sensOK checks the sensitive-attribute models for class c of fs.
func (e *evaluator) sensOK(c int, fs *freqSet) bool {
	p := e.p
	entries := e.order[e.start[c]:e.start[c+1]]
	size := e.classSize[c]
	for a, s := range p.sens {
		cnt := e.cnt[a]
		t := e.touched[a][:0]
		mask := uint64(1)<<s.width - 1
		for _, j := range entries {
			v := uint32(fs.keys[j]>>s.shift) & uint32(mask)
			if cnt[v] == 0 {
				t = append(t, v)
			}
			cnt[v] += fs.counts[j]
		}
		ok := e.attrOK(s, cnt, t, size)
		for _, v := range t {
			cnt[v] = 0
		}
		e.touched[a] = t
		if !ok {
			return false
		}
	}
	return true
}

// attrOK checks one attribute's models given its counts in a class.
func (e *evaluator) attrOK(s *sensAttr, cnt []uint32, touched []uint32, size uint32) bool {
	if len(touched) < s.distinct {
		return false
	}
	n := float64(size)
	if s.entropy > 0 {
		h := 0.0
		for _, v := range touched {
			f := float64(cnt[v]) / n
			h -= f * math.Log(f)
		}
		if h+1e-9 < s.entropy {
			return false
		}
	}
	for _, r := range s.recursive {
		if !recursiveHolds(cnt, touched, r) {
			return false
		}
	}
	for _, t := range s.tclose {
		if e.emdOf(s, t.Distance, cnt, touched, n) > t.T+1e-9 {
			return false
		}
	}
	return true
}

func recursiveHolds(cnt []uint32, touched []uint32, r RecursiveCLDiversity) bool {
	if len(touched) < r.L {
		return false
	}
	rs := make([]uint32, len(touched))
	for i, v := range touched {
		rs[i] = cnt[v]
	}
	slices.Sort(rs)
	slices.Reverse(rs)
	tail := 0.0
	for _, x := range rs[r.L-1:] {
		tail += float64(x)
	}
	return float64(rs[0]) < r.C*tail
}

// emdOf returns the earth mover's distance between the class distribution
// (cnt over touched, n records) and the attribute's overall distribution.
func (e *evaluator) emdOf(s *sensAttr, d Distance, cnt []uint32, touched []uint32, n float64) float64 {
	switch d {
	case OrderedDistance:
		e.emd = grow(e.emd, s.size)
		for v, q := range s.dist {
			e.emd[s.rank[v]] = -q
		}
		for _, v := range touched {
			e.emd[s.rank[v]] += float64(cnt[v]) / n
		}
		if s.size < 2 {
			return 0
		}
		acc, sum := 0.0, 0.0
		for _, x := range e.emd[:s.size-1] {
			acc += x
			sum += math.Abs(acc)
		}
		return sum / float64(s.size-1)
	case HierarchicalDistance:
		return e.hierEMD(s, cnt, n)
	}
	sum, qt := 0.0, 0.0
	for _, v := range touched {
		sum += math.Abs(float64(cnt[v])/n - s.dist[v])
		qt += s.dist[v]
	}
	return (sum + math.Max(0, 1-qt)) / 2
}

// hierEMD is Li et al.'s hierarchical EMD: every node N at level l costs
// l/H · min(positive extra, negative extra) of its children.
func (e *evaluator) hierEMD(s *sensAttr, cnt []uint32, n float64) float64 {
	h := s.hier
	H := h.Height()
	if H == 0 {
		return 0
	}
	if e.emd2 == nil {
		e.emd2 = make([][]float64, 3*(H+1))
	}
	extra := grow(e.emd2[0], s.size)
	for v := range extra {
		extra[v] = float64(cnt[v])/n - s.dist[v]
	}
	e.emd2[0] = extra
	total := 0.0
	for l := 1; l <= H; l++ {
		sz := len(h.Dicts[l])
		next := grow(e.emd2[3*l], sz)
		pos := grow(e.emd2[3*l+1], sz)
		neg := grow(e.emd2[3*l+2], sz)
		clear(next)
		clear(pos)
		clear(neg)
		for c, x := range extra {
			g := h.Parent[l-1][c]
			next[g] += x
			if x > 0 {
				pos[g] += x
			} else {
				neg[g] -= x
			}
		}
		cost := 0.0
		for g := range next {
			cost += math.Min(pos[g], neg[g])
		}
		total += float64(l) / float64(H) * cost
		e.emd2[3*l], e.emd2[3*l+1], e.emd2[3*l+2] = next, pos, neg
		extra = next
	}
	return total
}
