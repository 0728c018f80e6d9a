package deid

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// nodeEval is one node evaluated on its own, from the base frequency set.
type nodeEval struct {
	levels    []int
	lb, score float64
	witness   float64
}

// evaluateEvery evaluates every node of the lattice independently.
func evaluateEvery(t *testing.T, p *problem) []nodeEval {
	t.Helper()
	ev, err := newEvaluator(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]nodeEval, p.nodes)
	for node := range out {
		levels := p.levelsOf(node, nil)
		st := ev.classify(ev.rollup(ev.base, node, levels), needsSuppressedCodes(p.metric), false)
		out[node] = nodeEval{levels: levels, lb: st.lb, score: st.score, witness: p.witness(st)}
	}
	return out
}

// checkBounds checks every pruning rule of the search against exhaustive
// scores: no node's score may be judged exceeded (exceeds, as the search
// judges it) by
//   - its own lower bound, or the lower bound of any of its
//     specialisations (the bound phase 2 inherits upwards);
//   - its level-only bound (metrics with one);
//   - the down bound from the witness of any of its generalisations or of
//     itself (when the search uses witnesses).
//
// A bound above a node's true score would let the search skip the optimum.
func checkBounds(t *testing.T, tab *Table, cfg Config) {
	t.Helper()
	p, err := prepare(tab, cfg)
	if err != nil {
		t.Fatal(err)
	}
	all := evaluateEvery(t, p)
	witness := p.mono && p.supersetClosed && !math.IsNaN(p.witness(&nodeStats{}))
	for x, nx := range all {
		if exceeds(nx.lb, nx.score) {
			t.Fatalf("node %v: lower bound %v above its score %v", nx.levels, nx.lb, nx.score)
		}
		if hasLevelBound(p.metric) {
			if lp := p.levelPart(p.metric, nx.levels); exceeds(lp, nx.score) {
				t.Fatalf("node %v: level bound %v above its score %v", nx.levels, lp, nx.score)
			}
		}
		for _, ny := range all {
			if !leq(ny.levels, nx.levels) {
				continue
			}
			// y specialises x (or is x).
			if exceeds(ny.lb, nx.score) {
				t.Fatalf("node %v: bound %v inherited from %v above its score %v", nx.levels, ny.lb, ny.levels, nx.score)
			}
		}
		if !witness {
			continue
		}
		for g, ng := range all {
			if g == x || leq(nx.levels, ng.levels) {
				if b := p.downBound(nx.levels, ng.witness); exceeds(b, nx.score) {
					t.Fatalf("node %v: down bound %v from %v's witness %v above its score %v", nx.levels, b, ng.levels, ng.witness, nx.score)
				}
			}
		}
	}
}

// TestBoundsBelowExhaustiveScores checks the bounds on random tables for
// every metric and the monotone and non-monotone model sets.
func TestBoundsBelowExhaustiveScores(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	runs := 36
	if testing.Short() {
		runs = 12
	}
	modelSets := [][]Model{
		{KAnonymity{2 + rng.Intn(4)}},
		{KAnonymity{2}, DistinctLDiversity{"s", 2}},
		{KAnonymity{3}, AverageRisk{0.2}},
		{EntropyLDiversity{"s", 1.5}},
	}
	for run := 0; run < runs; run++ {
		tab, hs := randTable(rng, 60+rng.Intn(300), 2+rng.Intn(3), 2+rng.Intn(4))
		models := modelSets[run%len(modelSets)]
		metric := Metrics()[run/len(modelSets)%len(Metrics())]
		supp := []float64{0, 0.05, 0.2}[run%3]
		cfg := Config{Models: models, SuppressionLimit: supp, Metric: metric, Hierarchies: hs}
		t.Run(fmt.Sprintf("%d/%s/%s/s%g", run, models[0], metric, supp), func(t *testing.T) {
			checkBounds(t, tab, cfg)
		})
	}
}

// TestNoSolutionMatchesOracle: where the exhaustive oracle finds no
// anonymous node, Anonymize must fail with ErrNoSolution, and where it
// finds one, Anonymize must succeed.
func TestNoSolutionMatchesOracle(t *testing.T) {
	rng := rand.New(rand.NewSource(23))
	none := 0
	for run := 0; run < 40; run++ {
		n := 8 + rng.Intn(40)
		tab, hs := randTable(rng, n, 1+rng.Intn(3), 2+rng.Intn(4))
		cfg := Config{
			Models:           []Model{KAnonymity{2 + rng.Intn(n)}, DistinctLDiversity{"s", 1 + rng.Intn(3)}},
			SuppressionLimit: []float64{0, 0.1}[run%2],
			Metric:           Metrics()[run%len(Metrics())],
			Hierarchies:      hs,
		}
		_, _, found := engineExhaustive(t, tab, cfg)
		_, err := Anonymize(context.Background(), tab, cfg)
		switch {
		case !found && !errorsIsNoSolution(err):
			t.Fatalf("run %d: oracle finds no solution, engine returned %v", run, err)
		case found && err != nil:
			t.Fatalf("run %d: oracle finds a solution, engine failed: %v", run, err)
		}
		if !found {
			none++
		}
	}
	if none == 0 || none == 40 {
		t.Fatalf("%d of 40 problems without solution: the test needs both kinds", none)
	}
}

func errorsIsNoSolution(err error) bool { return errors.Is(err, ErrNoSolution) }
