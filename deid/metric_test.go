package deid

import (
	"context"
	"math"
	"testing"
)

// handTable is the hand-computed example used by the metric and risk tests.
//
//	record  age  sex        hierarchy age: 20,25 → 20-29 → *; 30,35 → 30-39 → *
//	r1      20   M                    sex: M, F → *
//	r2      25   M
//	r3      30   F
//	r4      35   F
//	r5      30   F
//	r6      20   F
func handTable(t testing.TB) (*Table, map[string]*Hierarchy) {
	t.Helper()
	tab, _ := NewTable([]string{"age", "sex", "diag"})
	for _, r := range [][]string{{"20", "M", "a"}, {"25", "M", "b"}, {"30", "F", "a"}, {"35", "F", "b"}, {"30", "F", "c"}, {"20", "F", "a"}} {
		if err := tab.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	tab.Columns[0].Role, tab.Columns[1].Role, tab.Columns[2].Role = RoleQuasiIdentifying, RoleQuasiIdentifying, RoleSensitive
	age, _ := NewHierarchy([][]string{{"20", "20-29", "*"}, {"25", "20-29", "*"}, {"30", "30-39", "*"}, {"35", "30-39", "*"}})
	return tab, map[string]*Hierarchy{"age": age}
}

// evalNode evaluates one node with the engine.
func evalNode(t testing.TB, tab *Table, cfg Config, levels []int) (*problem, *nodeStats) {
	t.Helper()
	p, err := prepare(tab, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := newEvaluator(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	fs := ev.rollup(ev.base, p.nodeOf(levels), levels)
	return p, ev.classify(fs, true, false)
}

func TestMetricsByHand(t *testing.T) {
	tab, hs := handTable(t)
	// Node age=1, sex=0, k=2, one record may be suppressed (limit 1/6).
	// Classes: (20-29,M) = {r1,r2}; (30-39,F) = {r3,r4,r5}; (20-29,F) = {r6}
	// which violates k=2 and is suppressed: S = 1, 2 kept classes.
	cfg := Config{Models: []Model{KAnonymity{2}}, SuppressionLimit: 1.0 / 6, Hierarchies: hs}
	log3 := math.Log2(3)
	want := MetricValues{
		// DM = 2² + 3² + S·N = 4 + 9 + 6
		DM: 19,
		// AECS = N / (kept classes + 1 for the suppressed) = 6/3
		AECS: 2,
		// precision: 5 kept records × (1/2 + 0/1) + 1 suppressed × 2 cells
		// = 4.5 over N·q = 12 cells: 1 − 0.375
		Precision: 0.625,
		// non-uniform entropy: age cells of kept records −log2(f0/f1):
		// r1 20: 2/3, r2 25: 1/3, r3 30: 2/3, r4 35: 1/3, r5 30: 2/3 →
		// 5·log2 3 − 3; sex at level 0 costs 0; suppressed r6: age
		// −log2(2/6) = log2 3, sex −log2(4/6) = log2 3 − 1. Total 7·log2 3 − 4.
		NonUniformEntropy: 7*log3 - 4,
		// intensity: (1/2 + 0/1) / 2
		Intensity: 0.25,
		// loss: age cells (leaves−1)/(D−1) = 1/3 for 5 kept, 1 suppressed:
		// 8/3 over N = 4/9; sex: 0 kept, 1 suppressed: 1/6.
		// (4/9 + 1/6)/2 = 11/36
		Loss: 11.0 / 36,
	}
	_, st := evalNode(t, tab, cfg, []int{1, 0})
	if st.suppressed != 1 || st.kept != 2 || st.classes != 3 || !st.anonymous {
		t.Fatalf("stats %+v", st)
	}
	checkValues(t, want, st.values)
	// Lower bounds: DM Σ|E|·max(|E|,k) over all classes = 4 + 9 + 1·2; AECS N/3.
	for _, c := range []struct {
		m  Metric
		lb float64
	}{{MetricDM, 15}, {MetricAECS, 2}, {MetricPrecision, 0.25}, {MetricIntensity, 0.25},
		// entropy: all 6 age cells at level 1 (r6 too): 6·log2 3 − 4; loss: 6·(1/3)/6 for age, 0 for sex, halved
		{MetricEntropy, 6*log3 - 4}, {MetricLoss, (1.0 / 3) / 2}} {
		cfg.Metric = c.m
		p, st := evalNode(t, tab, cfg, []int{1, 0})
		if !closeTo(st.lb, c.lb) {
			t.Errorf("%s: lower bound %v, want %v", c.m, st.lb, c.lb)
		}
		if st.lb > st.score {
			t.Errorf("%s: lower bound %v above score %v", c.m, st.lb, st.score)
		}
		_ = p
	}
}

func TestMetricsWithoutSuppression(t *testing.T) {
	tab, hs := handTable(t)
	// Node age=2 (*), sex=1 (*): one class of 6.
	cfg := Config{Models: []Model{KAnonymity{2}}, Hierarchies: hs}
	_, st := evalNode(t, tab, cfg, []int{2, 1})
	want := MetricValues{
		DM: 36, AECS: 6, Precision: 0, Intensity: 1, Loss: 1,
		// every cell −log2(f0/6): age 20,25,30,35,30,20 → f0 2,1,2,1,2,2;
		// sex M,M,F,F,F,F → f0 2,2,4,4,4,4.
		NonUniformEntropy: -(4*math.Log2(2.0/6) + 2*math.Log2(1.0/6)) - (2*math.Log2(2.0/6) + 4*math.Log2(4.0/6)),
	}
	checkValues(t, want, st.values)
}

func TestRiskByHand(t *testing.T) {
	tab, hs := handTable(t)
	cfg := Config{Models: []Model{KAnonymity{2}}, SuppressionLimit: 1.0 / 6, Hierarchies: hs}
	res, err := Anonymize(context.Background(), tab, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Before: classes (20,M) (25,M) (30,F)×2 (35,F) (20,F): 5 classes over 6
	// records, 4 uniques.
	b := res.RiskBefore
	if b.Classes != 5 || b.Records != 6 || b.SampleUniques != 4 || b.ProsecutorMax != 1 ||
		!closeTo(b.ProsecutorAvg, 5.0/6) || !closeTo(b.Marketer, 5.0/6) || b.JournalistMax != 1 || !closeTo(b.SampleUniqueFrac, 4.0/6) {
		t.Errorf("risk before %+v", b)
	}
	if len(b.ClassSizeHistogram) != 2 || b.ClassSizeHistogram[0] != (Bin{1, 4}) || b.ClassSizeHistogram[1] != (Bin{2, 1}) {
		t.Errorf("histogram %+v", b.ClassSizeHistogram)
	}
	// The optimum (DM) is age=1, sex=0 with r6 suppressed (DM 19; the
	// alternatives: age=0,sex=1 has classes {20,20} {25} {30,30} {35} → 3
	// records over the limit; age=2,sex=0: {M,M} {F×4}: DM 4+16 = 20;
	// age=1,sex=1: {20-29 ×3} {30-39 ×3}: DM 18 — better!). So the search
	// must return age=1, sex=1 with DM 18, no suppression.
	if res.Transformation[0].Level != 1 || res.Transformation[1].Level != 1 || res.Metrics.DM != 18 || res.Suppressed != 0 {
		t.Fatalf("result %+v DM %v", res.Transformation, res.Metrics.DM)
	}
	a := res.RiskAfter
	if a.Classes != 2 || a.ProsecutorMax != 1.0/3 || !closeTo(a.ProsecutorAvg, 2.0/6) || a.SampleUniques != 0 || a.SmallestClass != 3 {
		t.Errorf("risk after %+v", a)
	}
}

func TestEMDByHand(t *testing.T) {
	tab, _ := NewTable([]string{"q", "s"})
	for _, v := range []string{"1", "2", "3"} {
		_ = tab.AppendRow([]string{"x", v})
	}
	tab.Columns[0].Role, tab.Columns[1].Role, tab.Columns[1].Type = RoleQuasiIdentifying, RoleSensitive, TypeInteger
	sh, _ := NewHierarchy([][]string{{"1", "a", "*"}, {"2", "a", "*"}, {"3", "b", "*"}})
	cfg := Config{Models: []Model{TCloseness{"s", 1, EqualDistance}, TCloseness{"s", 1, OrderedDistance}, TCloseness{"s", 1, HierarchicalDistance}},
		Hierarchies: map[string]*Hierarchy{"s": sh}}
	p, err := prepare(tab, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &evaluator{p: p}
	s := p.sens[0]
	// overall q = (1/3, 1/3, 1/3); class p = (1, 0, 0), i.e. 3 records of "1".
	cnt := []uint32{3, 0, 0}
	touched := []uint32{0}
	for _, c := range []struct {
		d    Distance
		want float64
	}{
		// equal: ½(2/3 + 1/3 + 1/3)
		{EqualDistance, 2.0 / 3},
		// ordered: running sums of p−q: 2/3, 1/3 → 1, over m−1 = 2
		{OrderedDistance, 0.5},
		// hierarchical: node a (level 1): min(2/3, 1/3)·1/2 = 1/6; node b: 0;
		// root (level 2): extras a = 1/3, b = −1/3: min(1/3,1/3)·2/2 = 1/3
		{HierarchicalDistance, 0.5},
	} {
		if got := e.emdOf(s, c.d, cnt, touched, 3); !closeTo(got, c.want) {
			t.Errorf("%s: EMD %v, want %v", c.d, got, c.want)
		}
	}
}

func TestDiversityByHand(t *testing.T) {
	cnt := []uint32{5, 3, 2}
	touched := []uint32{0, 1, 2}
	// r1 = 5, tail from the l-th largest: l=2 → 3+2 = 5
	for _, c := range []struct {
		r    RecursiveCLDiversity
		want bool
	}{
		{RecursiveCLDiversity{C: 2, L: 2}, true},  // 5 < 2·5
		{RecursiveCLDiversity{C: 1, L: 2}, false}, // 5 < 1·5 fails
		{RecursiveCLDiversity{C: 2, L: 3}, false}, // 5 < 2·2 fails
		{RecursiveCLDiversity{C: 9, L: 4}, false}, // only 3 values
	} {
		if got := recursiveHolds(cnt, touched, c.r); got != c.want {
			t.Errorf("%+v: %v, want %v", c.r, got, c.want)
		}
	}
	e := &evaluator{}
	// entropy of (1,1) is ln 2: 2-diverse, not 2.1-diverse
	two := []uint32{1, 1}
	if !e.attrOK(&sensAttr{entropy: math.Log(2)}, two, []uint32{0, 1}, 2) {
		t.Error("uniform pair is entropy-2-diverse")
	}
	if e.attrOK(&sensAttr{entropy: math.Log(2.1)}, two, []uint32{0, 1}, 2) {
		t.Error("uniform pair is not entropy-2.1-diverse")
	}
}
