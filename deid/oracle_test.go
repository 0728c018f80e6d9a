package deid

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// naiveNode is one lattice node evaluated by the naive oracle.
type naiveNode struct {
	levels   []int
	feasible bool
	score    float64
	vals     MetricValues
	supp     int
	kept     int
}

// naiveAll evaluates every node of the lattice from the record strings,
// independently of the engine: generalise through Hierarchy.Generalize,
// group with a map, check the models and compute the metrics by their
// textbook formulas.
func naiveAll(t *Table, cfg Config) []naiveNode {
	var qis []int
	var hs []*Hierarchy
	for i, c := range t.Columns {
		if c.Role == RoleQuasiIdentifying {
			qis = append(qis, i)
			h := cfg.Hierarchies[c.Name]
			if h == nil {
				h = FlatHierarchy(c.Dict)
			}
			hs = append(hs, h)
		}
	}
	n := t.Rows()
	q := len(qis)
	// freq[i][l][g]; leaves[i][l][g] and domain sizes per QI (the loss
	// metric's domain: the hierarchy's values, as in ARX)
	freq := make([][]map[string]int, q)
	for i, col := range qis {
		freq[i] = make([]map[string]int, hs[i].Levels())
		for l := range freq[i] {
			freq[i][l] = map[string]int{}
		}
		for r := 0; r < n; r++ {
			v := t.Value(r, col)
			for l := range freq[i] {
				g, _ := hs[i].Generalize(v, l)
				freq[i][l][g]++
			}
		}
	}
	leaves, dvals := naiveDomains(hs)
	var out []naiveNode
	levels := make([]int, q)
	var walk func(i int)
	walk = func(i int) {
		if i == q {
			out = append(out, naiveEval(t, cfg, qis, hs, freq, leaves, dvals, slices.Clone(levels)))
			return
		}
		for l := 0; l < hs[i].Levels(); l++ {
			levels[i] = l
			walk(i + 1)
		}
	}
	walk(0)
	return out
}

func naiveEval(t *Table, cfg Config, qis []int, hs []*Hierarchy, freq, leaves [][]map[string]int, dvals []int, levels []int) naiveNode {
	n := t.Rows()
	q := len(qis)
	classes := map[string][]int{}
	for r := 0; r < n; r++ {
		parts := make([]string, q)
		for i, col := range qis {
			parts[i], _ = hs[i].Generalize(t.Value(r, col), levels[i])
		}
		k := strings.Join(parts, "\x00")
		classes[k] = append(classes[k], r)
	}
	suppressed := make([]bool, n)
	nd := naiveNode{levels: levels}
	var dm float64
	for _, rows := range classes {
		if naiveClassOK(t, cfg, rows) {
			nd.kept++
			dm += float64(len(rows) * len(rows))
			continue
		}
		nd.supp += len(rows)
		for _, r := range rows {
			suppressed[r] = true
		}
	}
	limit := int(math.Floor(cfg.SuppressionLimit*float64(n) + 1e-9))
	nd.feasible = nd.supp <= limit && nd.kept > 0
	for _, m := range cfg.Models {
		if a, ok := m.(AverageRisk); ok && float64(nd.kept)/float64(n-nd.supp) > a.Threshold {
			nd.feasible = false
		}
	}
	v := &nd.vals
	v.DM = dm + float64(nd.supp*n)
	den := nd.kept
	if nd.supp > 0 {
		den++
	}
	v.AECS = float64(n) / float64(den)
	var prec, ent, loss, inten float64
	for i, col := range qis {
		h := float64(hs[i].Height())
		frac := 0.0
		if h > 0 {
			frac = float64(levels[i]) / h
		}
		inten += frac
		top := hs[i].Height()
		for r := 0; r < n; r++ {
			val := t.Value(r, col)
			f0 := float64(freq[i][0][val])
			if suppressed[r] {
				prec++
				ent += -math.Log2(f0 / float64(n))
				loss++
				_ = top
				continue
			}
			g, _ := hs[i].Generalize(val, levels[i])
			prec += frac
			ent += -math.Log2(f0 / float64(freq[i][levels[i]][g]))
			if dvals[i] > 1 {
				loss += float64(leaves[i][levels[i]][g]-1) / float64(dvals[i]-1)
			}
		}
	}
	v.Precision = 1 - prec/float64(n*q)
	v.NonUniformEntropy = ent
	v.Loss = loss / float64(n*q)
	v.Intensity = inten / float64(q)
	switch cfg.Metric {
	case MetricAECS:
		nd.score = v.AECS
	case MetricPrecision:
		nd.score = 1 - v.Precision
	case MetricEntropy:
		nd.score = v.NonUniformEntropy
	case MetricIntensity:
		nd.score = v.Intensity
	case MetricLoss:
		nd.score = v.Loss
	default:
		nd.score = v.DM
	}
	return nd
}

// naiveClassOK checks the class-level models on a set of rows.
func naiveClassOK(t *Table, cfg Config, rows []int) bool {
	for _, m := range cfg.Models {
		var attr string
		switch m := m.(type) {
		case KAnonymity:
			if len(rows) < m.K {
				return false
			}
			continue
		case AverageRisk:
			continue
		case DistinctLDiversity:
			attr = m.Attribute
		case EntropyLDiversity:
			attr = m.Attribute
		case RecursiveCLDiversity:
			attr = m.Attribute
		case TCloseness:
			attr = m.Attribute
		}
		col := t.ColumnIndex(attr)
		counts := map[string]int{}
		for _, r := range rows {
			counts[t.Value(r, col)]++
		}
		switch m := m.(type) {
		case DistinctLDiversity:
			if len(counts) < m.L {
				return false
			}
		case EntropyLDiversity:
			h := 0.0
			for _, c := range counts {
				p := float64(c) / float64(len(rows))
				h -= p * math.Log(p)
			}
			if h+1e-9 < math.Log(m.L) {
				return false
			}
		case RecursiveCLDiversity:
			var rs []int
			for _, c := range counts {
				rs = append(rs, c)
			}
			sort.Sort(sort.Reverse(sort.IntSlice(rs)))
			if len(rs) < m.L {
				return false
			}
			tail := 0
			for _, x := range rs[m.L-1:] {
				tail += x
			}
			if !(float64(rs[0]) < m.C*float64(tail)) {
				return false
			}
		case TCloseness:
			if naiveEMD(t, cfg, col, counts, len(rows), m.Distance) > m.T+1e-9 {
				return false
			}
		}
	}
	return true
}

// naiveEMD computes the EMD between a class and the whole table for the
// sensitive column col.
func naiveEMD(t *Table, cfg Config, col int, counts map[string]int, size int, d Distance) float64 {
	c := t.Columns[col]
	all := map[string]int{}
	for r := 0; r < t.Rows(); r++ {
		all[t.Value(r, col)]++
	}
	p := func(v string) float64 { return float64(counts[v]) / float64(size) }
	qf := func(v string) float64 { return float64(all[v]) / float64(t.Rows()) }
	switch d {
	case EqualDistance:
		s := 0.0
		for v := range all {
			s += math.Abs(p(v) - qf(v))
		}
		return s / 2
	case OrderedDistance:
		vals := slices.Clone(c.Dict)
		sort.Slice(vals, func(a, b int) bool {
			x, _ := strconv.ParseFloat(vals[a], 64)
			y, _ := strconv.ParseFloat(vals[b], 64)
			return x < y
		})
		acc, s := 0.0, 0.0
		for _, v := range vals[:len(vals)-1] {
			acc += p(v) - qf(v)
			s += math.Abs(acc)
		}
		return s / float64(len(vals)-1)
	}
	// hierarchical: for every generalised value g at level l >= 1, cost
	// l/H * min(sum of positive, sum of negative) child extras.
	h := cfg.Hierarchies[c.Name]
	H := h.Height()
	total := 0.0
	for l := 1; l <= H; l++ {
		// extras of level l-1 nodes, grouped by parent at level l
		extra := map[string]float64{}
		parent := map[string]string{}
		for v := range all {
			child, _ := h.Generalize(v, l-1)
			par, _ := h.Generalize(v, l)
			extra[child] += p(v) - qf(v)
			parent[child] = par
		}
		pos, neg := map[string]float64{}, map[string]float64{}
		for child, x := range extra {
			if x > 0 {
				pos[parent[child]] += x
			} else {
				neg[parent[child]] -= x
			}
		}
		for g := range pos {
			total += float64(l) / float64(H) * math.Min(pos[g], neg[g])
		}
	}
	return total
}

// naiveBest picks the optimum with the documented tie-break.
func naiveBest(nodes []naiveNode) (naiveNode, bool) {
	var best naiveNode
	found := false
	for _, nd := range nodes {
		if !nd.feasible {
			continue
		}
		if !found || nd.score < best.score || (nd.score == best.score && lessNode(nd.levels, best.levels)) {
			best, found = nd, true
		}
	}
	return best, found
}

func lessNode(a, b []int) bool {
	sa, sb := 0, 0
	for i := range a {
		sa += a[i]
		sb += b[i]
	}
	if sa != sb {
		return sa < sb
	}
	return slices.Compare(a, b) < 0
}

// engineExhaustive evaluates every node with the engine's own evaluator
// (from the base, no pruning) and returns the best by the tie-break.
func engineExhaustive(t testing.TB, tab *Table, cfg Config) ([]int, float64, bool) {
	t.Helper()
	p, err := prepare(tab, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := newEvaluator(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	best, bestScore := []int(nil), math.Inf(1)
	// depth-first over a spanning tree of the lattice, rolling up from the
	// parent so every node is evaluated once.
	var walk func(fs *freqSet, from int)
	walk = func(fs *freqSet, from int) {
		st := ev.classify(fs, needsSuppressedCodes(p.metric), false)
		if st.anonymous && (best == nil || st.score < bestScore || (st.score == bestScore && lessNode(fs.levels, best))) {
			best, bestScore = slices.Clone(fs.levels), st.score
		}
		for i := from; i < len(p.qi); i++ {
			if fs.levels[i] < p.heights[i] {
				l := slices.Clone(fs.levels)
				l[i]++
				walk(ev.rollup(fs, p.nodeOf(l), l), i)
			}
		}
	}
	walk(ev.base, 0)
	return best, bestScore, best != nil
}

// recountOutput re-derives classes from the output table, checks every
// class-level model on the input records behind each class (t-closeness
// compares with the input's distribution) and the DM of the result.
func recountOutput(t *testing.T, in *Table, res *Result, cfg Config) {
	n := in.Rows()
	t.Helper()
	out := res.Output
	var qis []int
	for i, c := range out.Columns {
		if c.Role == RoleQuasiIdentifying {
			qis = append(qis, i)
		}
	}
	classes := map[string][]int{}
	for r := 0; r < out.Rows(); r++ {
		var parts []string
		for _, c := range qis {
			parts = append(parts, out.Value(r, c))
		}
		k := strings.Join(parts, "\x00")
		classes[k] = append(classes[k], r)
	}
	if len(classes) != res.Classes {
		t.Errorf("output has %d classes, result says %d", len(classes), res.Classes)
	}
	if out.Rows()+res.Suppressed != n || len(res.SuppressedRows) != res.Suppressed || len(res.RowIndex) != out.Rows() {
		t.Errorf("rows: output %d + suppressed %d != %d", out.Rows(), res.Suppressed, n)
	}
	dm := float64(res.Suppressed * n)
	for _, rows := range classes {
		dm += float64(len(rows) * len(rows))
		inRows := make([]int, len(rows))
		for i, r := range rows {
			inRows[i] = res.RowIndex[r]
		}
		if !naiveClassOK(in, cfg, inRows) {
			t.Errorf("output class of %d records violates the models", len(rows))
		}
	}
	if dm != res.Metrics.DM {
		t.Errorf("recounted DM %v, result says %v", dm, res.Metrics.DM)
	}
	if res.Suppressed > int(math.Floor(cfg.SuppressionLimit*float64(n)+1e-9)) {
		t.Errorf("suppressed %d over the limit", res.Suppressed)
	}
}

func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// checkOptimal runs Anonymize and compares it with both oracles.
func checkOptimal(t *testing.T, tab *Table, cfg Config) {
	t.Helper()
	res, err := Anonymize(context.Background(), tab, cfg)
	nodes := naiveAll(tab, cfg)
	nb, found := naiveBest(nodes)
	if !found {
		if !errors.Is(err, ErrNoSolution) {
			t.Fatalf("oracle finds no solution, engine: %v", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("engine: %v; oracle optimum %v score %v", err, nb.levels, nb.score)
	}
	got := make([]int, len(res.Transformation))
	for i, tr := range res.Transformation {
		got[i] = tr.Level
	}
	if !closeTo(res.Score, nb.score) {
		t.Fatalf("engine %v score %v, oracle optimum %v score %v", got, res.Score, nb.levels, nb.score)
	}
	// the engine's node, evaluated naively, must be feasible with that score
	for _, nd := range nodes {
		if slices.Equal(nd.levels, got) {
			if !nd.feasible || !closeTo(nd.score, res.Score) {
				t.Fatalf("engine node %v: oracle feasible=%v score %v, engine %v", got, nd.feasible, nd.score, res.Score)
			}
			checkValues(t, nd.vals, res.Metrics)
		}
	}
	eb, es, _ := engineExhaustive(t, tab, cfg)
	if !slices.Equal(eb, got) || es != res.Score {
		t.Fatalf("search %v (%v) differs from exhaustive %v (%v)", got, res.Score, eb, es)
	}
	recountOutput(t, tab, res, cfg)
}

func checkValues(t *testing.T, want, got MetricValues) {
	t.Helper()
	for _, c := range []struct {
		name string
		w, g float64
	}{
		{"dm", want.DM, got.DM}, {"aecs", want.AECS, got.AECS}, {"precision", want.Precision, got.Precision},
		{"entropy", want.NonUniformEntropy, got.NonUniformEntropy}, {"intensity", want.Intensity, got.Intensity},
		{"loss", want.Loss, got.Loss},
	} {
		if !closeTo(c.w, c.g) {
			t.Errorf("%s: oracle %v, engine %v", c.name, c.w, c.g)
		}
	}
}

func TestOptimalAdultSubsets(t *testing.T) {
	full, hs := loadAdult(t, adultQIs)
	qiSets := [][]string{
		{"sex", "age", "race"},
		{"age", "education", "marital-status", "workclass"},
		{"sex", "age", "race", "education", "occupation"},
	}
	if testing.Short() {
		t.Skip("exhaustive Adult oracles run in the normal run only")
	}
	sizes := []int{200, 700, 2000}
	for si, size := range sizes {
		for qi, qis := range qiSets {
			tab := subset(full, size)
			for _, c := range tab.Columns {
				if c.Role == RoleQuasiIdentifying && !slices.Contains(qis, c.Name) {
					c.Role = RoleInsensitive
				}
			}
			for _, supp := range []float64{0, 0.05} {
				for _, metric := range Metrics() {
					for mi, models := range [][]Model{
						{KAnonymity{5}},
						{KAnonymity{2}, DistinctLDiversity{"salary-class", 2}},
						{KAnonymity{3}},
					} {
						if (si+qi+mi)%2 == 1 && mi == 2 {
							continue
						}
						cfg := Config{Models: models, SuppressionLimit: supp, Metric: metric, Hierarchies: hs}
						t.Run(fmt.Sprintf("n%d/qi%d/s%g/%s/m%d", size, len(qis), supp, metric, mi), func(t *testing.T) {
							checkOptimal(t, tab, cfg)
						})
					}
				}
			}
		}
	}
}

// randomTable returns a synthetic table with q quasi-identifiers of random
// hierarchies and a sensitive column "s" with sv values.
func randTable(rng *rand.Rand, n, q, sv int) (*Table, map[string]*Hierarchy) {
	names := []string{}
	for i := 0; i < q; i++ {
		names = append(names, "q"+strconv.Itoa(i))
	}
	names = append(names, "s")
	tab, _ := NewTable(names)
	hs := map[string]*Hierarchy{}
	doms := make([]int, q)
	for i := 0; i < q; i++ {
		doms[i] = 2 + rng.Intn(7)
		hs[names[i]] = randHierarchy(rng, names[i], doms[i])
	}
	row := make([]string, q+1)
	for r := 0; r < n; r++ {
		for i := 0; i < q; i++ {
			// skewed values so that classes differ in size
			v := int(float64(doms[i]) * math.Pow(rng.Float64(), 1.5))
			row[i] = names[i] + "v" + strconv.Itoa(v)
		}
		row[q] = strconv.Itoa(rng.Intn(sv))
		_ = tab.AppendRow(row)
	}
	for i := 0; i < q; i++ {
		tab.Columns[i].Role = RoleQuasiIdentifying
	}
	tab.Columns[q].Role = RoleSensitive
	tab.Columns[q].Type = TypeInteger
	// hierarchy for the sensitive values: pairs, then *
	var srows [][]string
	for v := 0; v < sv; v++ {
		srows = append(srows, []string{strconv.Itoa(v), "g" + strconv.Itoa(v/2), "*"})
	}
	hs["s"], _ = NewHierarchy(srows)
	return tab, hs
}

// randomHierarchy groups d values randomly level by level up to "*".
func randHierarchy(rng *rand.Rand, name string, d int) *Hierarchy {
	rows := make([][]string, d)
	cur := make([]string, d)
	for v := 0; v < d; v++ {
		cur[v] = name + "v" + strconv.Itoa(v)
		rows[v] = []string{cur[v]}
	}
	groups := d
	for level := 1; groups > 1; level++ {
		groups = max(1, groups/2+rng.Intn(2)-1)
		if groups <= 1 {
			break
		}
		// map each distinct current label to a random group
		assign := map[string]string{}
		for v := 0; v < d; v++ {
			if _, ok := assign[cur[v]]; !ok {
				assign[cur[v]] = fmt.Sprintf("%sL%dg%d", name, level, rng.Intn(groups))
			}
			cur[v] = assign[cur[v]]
			rows[v] = append(rows[v], cur[v])
		}
	}
	for v := range rows {
		rows[v] = append(rows[v], "*")
	}
	h, err := NewHierarchy(rows)
	if err != nil {
		panic(err)
	}
	return h
}

func TestOptimalRandomTables(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	runs := 81 // every model set at every suppression limit, 3 times
	if testing.Short() {
		runs = 27
	}
	for run := 0; run < runs; run++ {
		n := 50 + rng.Intn(400)
		tab, hs := randTable(rng, n, 2+rng.Intn(3), 2+rng.Intn(5))
		metric := Metrics()[rng.Intn(len(Metrics()))]
		modelSets := [][]Model{
			{KAnonymity{2 + rng.Intn(5)}},
			{KAnonymity{2}, DistinctLDiversity{"s", 2}},
			{EntropyLDiversity{"s", 1.5}},
			{RecursiveCLDiversity{"s", 3, 2}},
			{TCloseness{"s", 0.3, EqualDistance}},
			{KAnonymity{2}, TCloseness{"s", 0.25, OrderedDistance}},
			{TCloseness{"s", 0.3, HierarchicalDistance}},
			{AverageRisk{0.2}},
			{KAnonymity{3}, AverageRisk{0.1}},
		}
		models := modelSets[run%len(modelSets)]
		supp := []float64{0, 0.05, 0.1}[run/len(modelSets)%3]
		cfg := Config{Models: models, SuppressionLimit: supp, Metric: metric, Hierarchies: hs}
		t.Run(fmt.Sprintf("%d/%s/%s/s%g", run, models[0], metric, supp), func(t *testing.T) {
			checkOptimal(t, tab, cfg)
		})
	}
}

// FuzzOptimal derives a small random problem from the fuzzer's input and
// checks the search against both oracles.
func FuzzOptimal(f *testing.F) {
	for _, seed := range []int64{1, 2, 3, 42, 1000} {
		f.Add(seed, uint8(0), uint8(0), uint8(0))
	}
	modelSets := [][]Model{
		{KAnonymity{2}},
		{KAnonymity{3}, DistinctLDiversity{"s", 2}},
		{EntropyLDiversity{"s", 1.5}},
		{RecursiveCLDiversity{"s", 2, 2}},
		{TCloseness{"s", 0.35, EqualDistance}},
		{KAnonymity{2}, TCloseness{"s", 0.3, OrderedDistance}},
		{TCloseness{"s", 0.3, HierarchicalDistance}},
		{KAnonymity{2}, AverageRisk{0.3}},
	}
	f.Fuzz(func(t *testing.T, seed int64, model, metric, supp uint8) {
		rng := rand.New(rand.NewSource(seed))
		tab, hs := randTable(rng, 20+rng.Intn(120), 1+rng.Intn(3), 2+rng.Intn(4))
		cfg := Config{
			Models:           modelSets[int(model)%len(modelSets)],
			Metric:           Metrics()[int(metric)%len(Metrics())],
			SuppressionLimit: []float64{0, 0.05, 0.2}[int(supp)%3],
			Hierarchies:      hs,
		}
		checkOptimal(t, tab, cfg)
	})
}

// naiveDomains counts, per QI, level and label, the hierarchy's values
// under the label (whether in the data or not), and the hierarchy's values:
// the loss metric's domain, as in ARX.
func naiveDomains(hs []*Hierarchy) ([][]map[string]int, []int) {
	leaves := make([][]map[string]int, len(hs))
	dvals := make([]int, len(hs))
	for i, h := range hs {
		leaves[i] = make([]map[string]int, h.Levels())
		for l := range leaves[i] {
			leaves[i][l] = map[string]int{}
		}
		for _, row := range h.Rows() {
			for l := range leaves[i] {
				leaves[i][l][row[l]]++
			}
		}
		dvals[i] = len(h.Rows())
	}
	return leaves, dvals
}
