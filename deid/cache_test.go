package deid

import "testing"

// TestCacheKeepsSourcesLonger checks the roll-up cache's eviction order:
// beyond the budget the set with the lowest recency stamp plus useBonus
// per roll-up started from it goes first, so a set that served as a source
// outlives sets inserted after it that were never used, but not forever.
func TestCacheKeepsSourcesLonger(t *testing.T) {
	base := &freqSet{keys: make([]uint64, 100)}
	s := &searcher{w: worker{ev: &evaluator{base: base}}, budget: 30}
	set := func(name int) *freqSet { return &freqSet{node: name, keys: make([]uint64, 10)} }
	cached := func() map[int]bool {
		m := map[int]bool{}
		for _, fs := range s.cache {
			m[fs.node] = true
		}
		return m
	}
	hub := set(0)
	s.remember(hub)
	s.rolledUpFrom(hub)
	s.remember(set(1))
	s.remember(set(2))
	// budget 30 = three sets: the fourth evicts the lowest priority.
	s.remember(set(3))
	if got := cached(); !got[0] || got[1] || !got[2] || !got[3] {
		t.Fatalf("after one use the source must outlive the unused set 1: cached %v", got)
	}
	// An unused set is evicted before the hub until the hub's bonus has run
	// out: then it goes too.
	for n := 4; ; n++ {
		s.remember(set(n))
		if !cached()[0] {
			if age := s.clock - hub.used; age < useBonus {
				t.Fatalf("hub evicted %d ticks after its last use, before its bonus of %d ran out", age, useBonus)
			}
			return
		}
		if n > 10*useBonus {
			t.Fatal("hub never evicted")
		}
	}
}
