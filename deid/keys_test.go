package deid

import (
	"context"
	"math/rand"
	"testing"
)

// TestBlockKeysMatchRecordKey checks the column-at-a-time key builder
// (base frequency set, kept-row lookup) against the per-record one, on a
// table spanning several blocks and a partial last block, at the bottom and
// at random lattice nodes, with a sensitive attribute in the low bits.
func TestBlockKeysMatchRecordKey(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	tab, hs := randTable(rng, 3*4096+123, 4, 5)
	cfg := Config{Models: []Model{KAnonymity{2}, DistinctLDiversity{"s", 2}}, Hierarchies: hs}
	p, err := prepare(tab, cfg)
	if err != nil {
		t.Fatal(err)
	}
	levels := make([]int, len(p.qi))
	for trial := 0; trial < 8; trial++ {
		var lv []int
		if trial > 0 {
			for i := range levels {
				levels[i] = rng.Intn(p.heights[i] + 1)
			}
			lv = levels
		}
		for _, from := range []int{0, 4096, 2*4096 + 17, p.n - 123} {
			out := make([]uint64, min(4096, p.n-from))
			for j := range out {
				out[j] = ^uint64(0) // blockKeys must overwrite
			}
			p.blockKeys(from, lv, out)
			for j, k := range out {
				if want := p.recordKey(from+j, lv); k != want {
					t.Fatalf("levels %v row %d: key %x, want %x", lv, from+j, k, want)
				}
			}
		}
	}
	ev, err := newEvaluator(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint64]uint32{}
	var order []uint64
	for r := 0; r < p.n; r++ {
		k := p.recordKey(r, nil)
		if want[k] == 0 {
			order = append(order, k)
		}
		want[k]++
	}
	if len(ev.base.keys) != len(order) {
		t.Fatalf("base set has %d keys, want %d", len(ev.base.keys), len(order))
	}
	for j, k := range ev.base.keys {
		if k != order[j] || ev.base.counts[j] != want[k] {
			t.Fatalf("entry %d: key %x count %d, want %x count %d", j, k, ev.base.counts[j], order[j], want[order[j]])
		}
	}
}
