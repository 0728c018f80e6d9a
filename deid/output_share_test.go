package deid

import (
	"math/rand"
	"testing"
)

// TestBuildOutputMatchesNaive builds outputs at random levels and random
// kept rows (all kept, some removed) and compares every cell with the
// input value generalised through the hierarchy, read without the engine's
// code maps. It covers the shared-array path (level 0, every row kept) and
// checks that the output's arrays cannot write into the input's.
func TestBuildOutputMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for run := 0; run < 60; run++ {
		tab, hs := randTable(rng, 30+rng.Intn(200), 1+rng.Intn(3), 2+rng.Intn(4))
		// An identifying column must be dropped, an insensitive one copied.
		id := &Column{Name: "id", Role: RoleIdentifying}
		for r := 0; r < tab.Rows(); r++ {
			id.Codes = append(id.Codes, id.Code("p"+string(rune('a'+r%26))))
		}
		tab.Columns = append(tab.Columns, id)
		p, err := prepare(tab, Config{Models: []Model{KAnonymity{2}}, Hierarchies: hs})
		if err != nil {
			t.Fatal(err)
		}
		levels := make([]int, len(p.qi))
		for i := range levels {
			if rng.Intn(2) == 0 {
				levels[i] = rng.Intn(p.hier[i].Height())
			}
		}
		keep := make([]bool, tab.Rows())
		dropSome := run%2 == 1
		for r := range keep {
			keep[r] = !dropSome || rng.Intn(4) > 0
		}
		out, rowIndex, suppressed := p.buildOutput(levels, keep)
		if len(rowIndex)+len(suppressed) != tab.Rows() || out.Rows() != len(rowIndex) {
			t.Fatalf("run %d: %d kept + %d removed of %d, output %d rows", run, len(rowIndex), len(suppressed), tab.Rows(), out.Rows())
		}
		checkOutputCells(t, run, tab, hs, p, levels, out, rowIndex)
		for _, oc := range out.Columns {
			ic := tab.Column(oc.Name)
			if len(oc.Codes) == 0 || cap(oc.Codes) != len(oc.Codes) {
				t.Fatalf("run %d: column %s: cap %d, len %d; want clipped", run, oc.Name, cap(oc.Codes), len(oc.Codes))
			}
			before := ic.Codes[0]
			oc.Codes = append(oc.Codes, 99)
			oc.Codes[0]++
			if ic.Codes[0] != before {
				t.Fatalf("run %d: column %s: output writes reached the input", run, oc.Name)
			}
		}
	}
}

// checkOutputCells compares every output cell with the input value at
// RowIndex generalised by Hierarchy.Generalize.
func checkOutputCells(t *testing.T, run int, tab *Table, hs map[string]*Hierarchy, p *problem, levels []int, out *Table, rowIndex []int) {
	t.Helper()
	level := map[string]int{}
	for i, name := range p.names {
		level[name] = levels[i]
	}
	if out.ColumnIndex("id") >= 0 {
		t.Fatalf("run %d: identifying column released", run)
	}
	for _, oc := range out.Columns {
		ic := tab.Column(oc.Name)
		for o, r := range rowIndex {
			want := ic.Value(r)
			if l, ok := level[oc.Name]; ok {
				want, _ = hs[oc.Name].Generalize(want, l)
			}
			if got := oc.Value(o); got != want {
				t.Fatalf("run %d: column %s output row %d (input %d): %q, want %q", run, oc.Name, o, r, got, want)
			}
		}
	}
}
