package main

import "runtime/debug"

// engineGCPercent is the garbage collector's growth target while the
// de-identification engine runs (GOGC is 100 by default). The engine's heap
// is mostly pointer-free code and key arrays, so a collection costs little
// to mark, while the default lets the heap grow to twice what is live: at
// 1M Adult-like records and 5 % suppression the cached frequency sets and
// the roll-up outputs they replace took the peak resident set from about
// 85 MB live to 205 MB; at 25 it stays near 140 MB for the same CPU time
// (docs/reference/deid.md, performance log).
const engineGCPercent = 25

// withEngineGC runs f with the collector's target lowered to
// engineGCPercent, unless the user set a lower one or turned it off
// (GOGC), and restores the previous target afterwards.
func withEngineGC(f func() error) error {
	old := debug.SetGCPercent(engineGCPercent)
	if old < engineGCPercent { // lower already, or off (-1)
		debug.SetGCPercent(old)
	}
	defer debug.SetGCPercent(old)
	return f()
}
