package deid

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Node status from checks and predictive tagging.
const (
	unknown uint8 = iota
	anon
	notAnon
)

type searchStats struct {
	evaluated  int
	rolledUp   int // evaluations that started from a cached node other than the base
	srcEntries int // total entries of the roll-up sources
}

// searcher runs the optimal lattice search (see doc.go for the algorithm).
type searcher struct {
	p   *problem
	ctx context.Context
	w   worker // the searcher's own evaluator
	// extra workers for the parallel phases. Shared state (cache, clock,
	// st, status and the per-node results) changes only between parallel
	// steps, in a fixed order, so what is evaluated never depends on
	// timing or on the number of processors.
	extra []*worker
	// paths is the number of paths searched per round in phase 1 and
	// width the number of nodes evaluated per batch in phase 2: functions
	// of the input only.
	paths, width int

	order    []int // nodes by (level sum, index)
	levelSum []int
	status   []uint8
	claimed  []bool // phase 1: node on a path of the current round
	cursor   int    // phase 1: position in order of the next path start
	// phase 1 ignores nodes whose level-only lower bound lp exceeds limit:
	// phase 2 prunes them without needing their status (lp nil: none).
	lp        []float64
	limit     float64
	evaluated []bool
	lb        []float64
	score     []float64
	anonymous []bool
	wit       []float64 // witness (see problem.witness) of evaluated nodes

	cache        []*freqSet
	clock        int64
	cacheEntries int
	budget       int

	st       searchStats
	levels   []int // scratch for the sequential loops
	scratch  []int
	progress Progress
}

func newSearcher(ctx context.Context, p *problem, ev *evaluator) *searcher {
	n := p.nodes
	s := &searcher{
		p: p, w: worker{ev: ev}, ctx: ctx, progress: p.cfg.Progress,
		levelSum:  make([]int, n),
		status:    make([]uint8, n),
		evaluated: make([]bool, n),
		lb:        make([]float64, n),
		score:     make([]float64, n),
		anonymous: make([]bool, n),
		wit:       make([]float64, n),
		claimed:   make([]bool, n),
		limit:     math.Inf(1),
		budget:    min(max(32*len(ev.base.keys), 1<<20), 1<<24),
	}
	maxSum := 0
	for _, h := range p.heights {
		maxSum += h
	}
	buckets := make([]int, maxSum+2)
	for node := 0; node < n; node++ {
		sum := 0
		for _, l := range p.levelsOf(node, s.levels) {
			sum += l
		}
		s.levelSum[node] = sum
		buckets[sum+1]++
	}
	for i := 1; i < len(buckets); i++ {
		buckets[i] += buckets[i-1]
	}
	s.order = make([]int, n)
	for node := 0; node < n; node++ {
		s.order[buckets[s.levelSum[node]]] = node
		buckets[s.levelSum[node]]++
	}
	return s
}

// worker is one evaluating goroutine's scratch space.
type worker struct {
	ev     *evaluator
	levels []int
}

// evaluation is one node's evaluation, not yet committed to the shared
// state.
type evaluation struct {
	node    int
	st      *nodeStats
	fs, src *freqSet
}

// evaluate computes node's statistics on the searcher's own worker and
// commits them.
func (s *searcher) evaluate(node int) (*nodeStats, error) {
	e, err := s.evaluateOn(&s.w, node)
	if err != nil {
		return nil, err
	}
	s.commit(e)
	return e.st, nil
}

// evaluateOn computes node's statistics by rolling up the smallest cached
// frequency set of a specialisation of node (the base if none). It only
// reads shared state, so it may run concurrently for different nodes;
// commit records the result.
func (s *searcher) evaluateOn(w *worker, node int) (evaluation, error) {
	if err := s.ctx.Err(); err != nil {
		return evaluation{}, err
	}
	p := s.p
	w.levels = p.levelsOf(node, w.levels)
	src := s.source(w.levels)
	fs := w.ev.rollup(src, node, w.levels)
	st := w.ev.classify(fs, needsSuppressedCodes(p.metric), false)
	return evaluation{node: node, st: st, fs: fs, src: src}, nil
}

// commit records an evaluation: the node's results, the cache (the source's
// recency stamp and use count, the new set) and the counters. Callers
// commit in a fixed order.
func (s *searcher) commit(e evaluation) {
	if e.src != s.w.ev.base {
		s.st.rolledUp++
		s.rolledUpFrom(e.src)
	}
	s.st.srcEntries += len(e.src.keys)
	s.remember(e.fs)
	s.st.evaluated++
	node, st := e.node, e.st
	s.evaluated[node] = true
	s.lb[node], s.score[node], s.anonymous[node] = st.lb, st.score, st.anonymous
	s.wit[node] = s.p.witness(st)
}

// rolledUpFrom stamps a cached set a roll-up started from.
func (s *searcher) rolledUpFrom(fs *freqSet) {
	s.clock++
	fs.used = s.clock
	fs.uses++
}

// source picks the smallest cached specialisation of levels (the first in
// cache order among equals).
func (s *searcher) source(levels []int) *freqSet {
	src := s.w.ev.base
	for _, fs := range s.cache {
		if len(fs.keys) < len(src.keys) && leq(fs.levels, levels) {
			src = fs
		}
	}
	return src
}

// parallelPaths and parallelWidth are the paths per round (phase 1) and
// nodes per batch (phase 2) for base frequency sets large enough to pay
// for goroutines. They are fixed, not the processor count, so the nodes
// evaluated are the same on every machine. More paths per round cost
// checks that the tags of the round's other paths would have saved
// (1M Adult-like, 5 %: 1,591 nodes with two paths, 1,919 with four).
const (
	parallelPaths = 2
	parallelWidth = 4
)

// startWorkers sets the round width from the input and adds a worker per
// extra processor (at most width-1) when the width is above one.
func (s *searcher) startWorkers() {
	s.paths, s.width = 1, 1
	if len(s.w.ev.base.keys) >= 1<<12 {
		s.paths, s.width = parallelPaths, parallelWidth
	}
	if len(s.extra) > 0 {
		return
	}
	for i := 1; i < min(runtime.GOMAXPROCS(0), s.width); i++ {
		s.extra = append(s.extra, &worker{ev: s.w.ev.fork()})
	}
}

// parallel runs fn(w, i) for i in [0, n) on the searcher's workers; fn must
// only read shared state.
func (s *searcher) parallel(n int, fn func(w *worker, i int) error) error {
	if n < 2 || len(s.extra) == 0 {
		for i := 0; i < n; i++ {
			if err := fn(&s.w, i); err != nil {
				return err
			}
		}
		return nil
	}
	var next atomic.Int64
	errs := make([]error, len(s.extra)+1)
	var wg sync.WaitGroup
	run := func(w *worker, slot int) {
		for {
			i := int(next.Add(1)) - 1
			if i >= n {
				return
			}
			if err := fn(w, i); err != nil {
				errs[slot] = err
				return
			}
		}
	}
	for i, w := range s.extra {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(w, i+1)
		}()
	}
	run(&s.w, 0)
	wg.Wait()
	return errors.Join(errs...)
}

// evaluateAll evaluates nodes in parallel and commits them in order.
func (s *searcher) evaluateAll(nodes []int) error {
	out := make([]evaluation, len(nodes))
	err := s.parallel(len(nodes), func(w *worker, i int) error {
		var err error
		out[i], err = s.evaluateOn(w, nodes[i])
		return err
	})
	if err != nil {
		return err
	}
	for _, e := range out {
		s.commit(e)
	}
	return nil
}

func leq(a, b []int) bool {
	for i := range a {
		if a[i] > b[i] {
			return false
		}
	}
	return true
}

// useBonus is how much longer, in clock ticks (about two per evaluation),
// a cached set is kept for each roll-up that started from it. Sets that
// served as sources tend to be specialisations of many nodes still to be
// evaluated; plain LRU evicted them during runs of sets used once. Source
// entries rolled up, relative to LRU (bonus 50 / 100 / 200): 1M Adult-like
// 5 % DM 0.84 / 0.83 / 0.83; Adult 5 % DM 1.00 / 1.01 / 1.03, AECS 1.00 /
// 1.00 / 1.00, loss 0.97 / 0.97 / 1.01. It changes only which cached set
// a node is rolled up from, never what is evaluated.
const useBonus = 100

// remember caches fs. Beyond the budget the sets with the lowest
// used + useBonus*uses go first (used: inserted or rolled up from; uses:
// roll-ups started from the set).
func (s *searcher) remember(fs *freqSet) {
	if len(fs.keys) >= len(s.w.ev.base.keys) {
		return
	}
	s.clock++
	fs.used = s.clock
	s.cache = append(s.cache, fs)
	s.cacheEntries += len(fs.keys)
	for len(s.cache) > 1 && (s.cacheEntries > s.budget || len(s.cache) > 4096) {
		big := 0
		for i, c := range s.cache {
			if c.keep() < s.cache[big].keep() {
				big = i
			}
		}
		s.cacheEntries -= len(s.cache[big].keys)
		last := len(s.cache) - 1
		s.cache[big] = s.cache[last]
		s.cache[last] = nil
		s.cache = s.cache[:last]
	}
}

// settle commits a path's checks in order and tags each checked node's
// generalisations (if anonymous) or specialisations (if not) by
// monotonicity.
func (s *searcher) settle(checks []evaluation) {
	for _, e := range checks {
		s.commit(e)
		if e.st.anonymous {
			s.tag(e.node, anon)
		} else {
			s.tag(e.node, notAnon)
		}
		if s.progress != nil && s.st.evaluated%64 == 0 {
			s.progress.Report("classify", int64(s.st.evaluated), -1)
		}
	}
}

// tag sets status on node and on all its generalisations (anon) or
// specialisations (notAnon); tagged regions are closed, so the walk stops
// at nodes already tagged the same way.
func (s *searcher) tag(node int, status uint8) {
	p := s.p
	stack := append(s.scratch[:0], node)
	s.status[node] = status
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for i, st := range p.strides {
			l := n / st % (p.heights[i] + 1)
			var m int
			if status == anon {
				if l == p.heights[i] {
					continue
				}
				m = n + st
			} else {
				if l == 0 {
					continue
				}
				m = n - st
			}
			if s.status[m] != status {
				s.status[m] = status
				stack = append(stack, m)
			}
		}
	}
	s.scratch = stack
}

// classifyAll finds every node's anonymity with few checks (Flash-like):
// from the lowest untagged node, walk a path of untagged nodes up the
// lattice and binary-search it for the anonymity boundary, tagging both
// ways after the path. Only valid when all models are monotone. Paths go
// in rounds of s.paths disjoint paths, claimed in order from the status
// left by the previous round and searched in parallel; their checks are
// committed and tagged in path order after the round. A path's search
// reads only the status frozen at the round's start (its own tags never
// concern the part of the path it has still to search), so the nodes
// checked do not depend on timing or on the number of processors.
func (s *searcher) classifyAll() error {
	var paths [][]int
	for {
		paths = paths[:0]
		for len(paths) < s.paths {
			path := s.nextPath(nil)
			if len(path) == 0 {
				break
			}
			paths = append(paths, path)
		}
		if len(paths) == 0 {
			return nil
		}
		checks := make([][]evaluation, len(paths))
		err := s.parallel(len(paths), func(w *worker, i int) error {
			var err error
			checks[i], err = s.searchPath(w, paths[i])
			return err
		})
		if err != nil {
			return err
		}
		for i, path := range paths {
			for _, n := range path {
				s.claimed[n] = false
			}
			s.settle(checks[i])
		}
	}
}

// nextPath claims a path of unclassified nodes from the lowest unclaimed
// unclassified node up; empty when none is left.
func (s *searcher) nextPath(path []int) []int {
	for ; s.cursor < len(s.order); s.cursor++ {
		start := s.order[s.cursor]
		if s.status[start] != unknown || s.claimed[start] || s.ignored(start) {
			continue // known, being searched by another worker, or irrelevant
		}
		for cur := start; cur >= 0; cur = s.pathStep(cur) {
			path = append(path, cur)
			s.claimed[cur] = true
		}
		return path
	}
	return path
}

// searchPath binary-searches a chain of nodes for the anonymity boundary
// and returns its checks, uncommitted. It reads shared state only.
func (s *searcher) searchPath(w *worker, path []int) ([]evaluation, error) {
	var checks []evaluation
	lo, hi := 0, len(path)-1
	for lo <= hi {
		mid := (lo + hi) / 2
		st := s.status[path[mid]]
		ok := st == anon
		if st == unknown {
			e, err := s.evaluateOn(w, path[mid])
			if err != nil {
				return nil, err
			}
			checks = append(checks, e)
			ok = e.st.anonymous
		}
		if ok {
			hi = mid - 1
		} else {
			lo = mid + 1
		}
	}
	return checks, nil
}

// ignored reports whether phase 1 may leave node unclassified.
func (s *searcher) ignored(node int) bool {
	return s.lp != nil && s.lp[node] > s.limit
}

// probe classifies one path from the bottom of the lattice, then climbs
// from the best anonymous node found: its score limits phase 1 to nodes
// whose level-only lower bound does not exceed it.
func (s *searcher) probe(ph *phase2) error {
	p := s.p
	s.lp = make([]float64, p.nodes)
	for node := range s.lp {
		s.levels = p.levelsOf(node, s.levels)
		s.lp[node] = p.levelPart(p.metric, s.levels)
	}
	path := s.nextPath(nil)
	checks, err := s.searchPath(&s.w, path)
	for _, n := range path {
		s.claimed[n] = false
	}
	if err != nil {
		return err
	}
	s.settle(checks)
	for _, node := range path {
		if s.evaluated[node] && s.anonymous[node] {
			ph.consider(node)
		}
	}
	if err := s.climb(ph); err != nil {
		return err
	}
	s.limit = ph.bestScore
	return nil
}

// pathStep returns the successor of cur the path continues with, or -1:
// among the unclassified successors, the one whose step keeps the smallest
// share of its quasi-identifier's distinct values (first in QI order on
// ties). Steep paths reach small frequency sets quickly, so the checks of
// the binary search roll up from small sets (measured on Adult and the 1M
// table: about 40 % fewer entries than taking the first successor).
func (s *searcher) pathStep(cur int) int {
	p := s.p
	next, best := -1, 0
	for i, st := range p.strides {
		l := cur / st % (p.heights[i] + 1)
		if l == p.heights[i] || s.status[cur+st] != unknown || s.claimed[cur+st] || s.ignored(cur+st) {
			continue
		}
		kept := len(p.hier[i].Dicts[l+1]) * 1000 / len(p.hier[i].Dicts[l])
		if next < 0 || kept < best {
			next, best = cur+st, kept
		}
	}
	return next
}

// search returns the optimal node's levels.
func (p *problem) search(ctx context.Context) ([]int, searchStats, error) {
	ev, err := newEvaluator(ctx, p)
	if err != nil {
		return nil, searchStats{}, err
	}
	p.ev = ev // result reuses the base frequency set
	s := newSearcher(ctx, p, ev)
	best, err := s.run()
	if err != nil {
		return nil, s.st, err
	}
	if best < 0 {
		return nil, s.st, errNoSolution(p.cfg)
	}
	return p.levelsOf(best, nil), s.st, nil
}

// exceeds reports whether bound b is above best by more than rounding.
func exceeds(b, best float64) bool {
	return b > best+1e-9*math.Abs(best)
}

// downWitness returns, for each node, the largest witness among the nodes
// evaluated so far that generalise it, or nil when the objective or the
// models allow no such bound (see problem.downBound).
func (s *searcher) downWitness() []float64 {
	p := s.p
	if !p.mono || !p.supersetClosed || math.IsNaN(p.witness(&nodeStats{})) {
		return nil
	}
	down := make([]float64, p.nodes)
	for i := len(s.order) - 1; i >= 0; i-- {
		node := s.order[i]
		w := 0.0
		if s.evaluated[node] {
			w = s.wit[node]
		}
		for j, st := range p.strides {
			if node/st%(p.heights[j]+1) < p.heights[j] {
				w = math.Max(w, down[node+st])
			}
		}
		down[node] = w
	}
	return down
}

// climb improves the incumbent greedily before phase 2 so that bounds
// prune early: from the incumbent, evaluate its direct generalisations and
// move to the best anonymous one while it improves.
func (s *searcher) climb(ph *phase2) error {
	p := s.p
	cur := ph.best
	for cur >= 0 {
		next := -1
		for i, st := range p.strides {
			if cur/st%(p.heights[i]+1) == p.heights[i] {
				continue
			}
			m := cur + st
			if !s.evaluated[m] {
				if _, err := s.evaluate(m); err != nil {
					return err
				}
			}
			if s.anonymous[m] && (next < 0 || s.score[m] < s.score[next]) {
				next = m
			}
		}
		if next < 0 || s.score[next] >= s.score[cur] {
			break
		}
		cur = next
		ph.consider(cur)
	}
	return nil
}

// run is the optimal search. Phase 1 (monotone models only) classifies
// every node as anonymous or not with few checks. A greedy climb from the
// best node checked gives the first incumbent. Phase 2 visits nodes by
// (level sum, index) and evaluates each anonymous node unless a lower bound
// inherited from its specialisations exceeds the incumbent, a
// specialisation dominates it (is anonymous with score equal to its own
// lower bound, hence no worse than any generalisation and earlier in the
// tie-break order), or the suppression its generalisations show makes it
// worse than the incumbent. Ties are broken by better: lowest score, then
// lowest level sum, then lowest levels compared in QI order.
func (s *searcher) run() (int, error) {
	p := s.p
	s.startWorkers()
	ph := &phase2{s: s, best: -1, bestScore: math.Inf(1),
		bound: make([]float64, p.nodes), dom: make([]bool, p.nodes), dominator: make([]bool, p.nodes)}
	if p.mono {
		if hasLevelBound(p.metric) {
			if err := s.probe(ph); err != nil {
				return -1, err
			}
		}
		if err := s.classifyAll(); err != nil {
			return -1, err
		}
	}
	for _, node := range s.order {
		if s.evaluated[node] && s.anonymous[node] {
			ph.consider(node)
		}
	}
	if p.mono && p.metric != MetricIntensity {
		if err := s.climb(ph); err != nil {
			return -1, err
		}
	}
	ph.down = s.downWitness()
	ph.levelBound = hasLevelBound(p.metric)
	ph.chunk = s.width
	for start := 0; start < len(s.order); {
		end := start
		for end < len(s.order) && s.levelSum[s.order[end]] == s.levelSum[s.order[start]] {
			end++
		}
		if err := s.ctx.Err(); err != nil {
			return -1, err
		}
		if s.progress != nil {
			s.progress.Report("search", int64(start), int64(p.nodes))
		}
		if err := ph.layer(s.order[start:end]); err != nil {
			return -1, err
		}
		start = end
	}
	if s.progress != nil {
		s.progress.Report("search", int64(p.nodes), int64(p.nodes))
	}
	return ph.best, nil
}

// phase2 is the state of the bounded visit of the lattice.
type phase2 struct {
	s          *searcher
	best       int
	bestScore  float64
	bound      []float64 // lower bound of the node and its generalisations
	dom        []bool    // some specialisation dominates the node
	dominator  []bool    // the node dominates its generalisations
	down       []float64 // see searcher.downWitness; nil if unused
	levelBound bool
	chunk      int
	pending    []int // nodes to evaluate
	todo       []int // nodes to fold in after evaluation
}

// better reports whether node beats the incumbent: a total order (score,
// level sum, index), so the order nodes are considered in does not matter.
func (ph *phase2) better(node int) bool {
	s := ph.s
	sc := s.score[node]
	if ph.best < 0 || sc < ph.bestScore {
		return true
	}
	b := ph.best
	return sc == ph.bestScore && (s.levelSum[node] < s.levelSum[b] || (s.levelSum[node] == s.levelSum[b] && node < b))
}

// consider makes the evaluated anonymous node the incumbent if better.
func (ph *phase2) consider(node int) {
	if ph.better(node) {
		ph.best, ph.bestScore = node, ph.s.score[node]
	}
}

// layer visits the nodes of one level sum: each is decided from the layers
// below and the incumbent; the undecided are evaluated in chunks (in
// parallel) and folded in.
func (ph *phase2) layer(nodes []int) error {
	for _, node := range nodes {
		if !ph.decide(node) {
			continue
		}
		if len(ph.pending) >= ph.chunk {
			if err := ph.flush(); err != nil {
				return err
			}
		}
	}
	return ph.flush()
}

// decide sets the node's inherited bound and dominance and reports whether
// the node is queued (to be evaluated if needed, then folded in).
func (ph *phase2) decide(node int) bool {
	s, p := ph.s, ph.s.p
	inh := math.Inf(-1)
	d := false
	for i, st := range p.strides {
		if node/st%(p.heights[i]+1) > 0 {
			pred := node - st
			inh = math.Max(inh, ph.bound[pred])
			d = d || ph.dom[pred] || ph.dominator[pred]
		}
	}
	if ph.levelBound || ph.down != nil {
		s.levels = p.levelsOf(node, s.levels)
	}
	if ph.levelBound {
		inh = math.Max(inh, p.levelPart(p.metric, s.levels))
	}
	ph.bound[node], ph.dom[node] = inh, d
	switch {
	case d || inh > ph.bestScore:
		return false
	case s.status[node] == notAnon:
		if s.evaluated[node] {
			ph.bound[node] = math.Max(inh, s.lb[node])
		}
		return false
	case s.evaluated[node]:
	case ph.down != nil && exceeds(p.downBound(s.levels, ph.down[node]), ph.bestScore):
		return false // cannot beat the incumbent; its bound stays inherited
	default:
		ph.pending = append(ph.pending, node)
	}
	ph.todo = append(ph.todo, node)
	return true
}

// flush evaluates the pending nodes and folds the queued ones in.
func (ph *phase2) flush() error {
	s := ph.s
	if err := s.evaluateAll(ph.pending); err != nil {
		return err
	}
	for _, node := range ph.todo {
		ph.bound[node] = math.Max(ph.bound[node], s.lb[node])
		if !s.anonymous[node] {
			continue
		}
		ph.consider(node)
		if s.score[node] == s.lb[node] {
			ph.dominator[node] = true
		}
	}
	ph.pending, ph.todo = ph.pending[:0], ph.todo[:0]
	return nil
}
