package main

import (
	"runtime/debug"
	"testing"
)

// TestWithEngineGC checks that the engine runs with the lowered collector
// target, that a lower target or GOGC=off is kept, and that the previous
// target comes back afterwards.
func TestWithEngineGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	for _, c := range []struct{ before, during int }{{100, engineGCPercent}, {engineGCPercent + 1, engineGCPercent}, {10, 10}, {-1, -1}} {
		debug.SetGCPercent(c.before)
		var during int
		if err := withEngineGC(func() error {
			during = debug.SetGCPercent(c.during) // read it (and leave it as it was)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if during != c.during {
			t.Errorf("GOGC %d before: %d while the engine runs, want %d", c.before, during, c.during)
		}
		if after := debug.SetGCPercent(c.before); after != c.before {
			t.Errorf("GOGC %d before: %d afterwards", c.before, after)
		}
	}
}
