package main

import (
	"strings"
	"testing"
)

func TestParseAndRatio(t *testing.T) {
	in := `goos: linux
BenchmarkInsertEncrypted-2   	    1000	    200000 ns/op	  512 B/op	  9 allocs/op
BenchmarkInsertPlaintext-2   	    1000	    100000 ns/op
BenchmarkInsertEncryptedBatch100-2   	    10	    400000 ns/op	    2000 cpu-ns/patient
BenchmarkInsertPlaintextBatch100-2   	    10	    100000 ns/op	    1000 cpu-ns/patient
BenchmarkInsertBatch100Pair-2   	    10	    500000 ns/op	    0.45 cpu-rate-ratio	    90000 enc-cpu-ns/patient	    6000 enc-written-B/patient	    41000 plain-cpu-ns/patient	    5000 plain-written-B/patient	    0.6 wall-rate-ratio
BenchmarkAdultK5/supp0/dm-2  	      50	  20000000 ns/op	  45.5 peakMB
PASS`
	res, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 6 {
		t.Fatalf("parsed %d results, want 6", len(res))
	}
	if got := res[5].metrics["peakMB"]; got != 45.5 {
		t.Errorf("custom metric peakMB = %v, want 45.5", got)
	}
	var b strings.Builder
	printRatios(&b, res)
	if !strings.Contains(b.String(), "one patient per transaction (same run): 50 %") ||
		!strings.Contains(b.String(), "100 patients per transaction (same run): 25 %, by CPU time 50 %") ||
		!strings.Contains(b.String(), "interleaved: 45 % by CPU time, 60 % by wall time") ||
		!strings.Contains(b.String(), "per patient encrypted / plaintext: 90 / 41 µs CPU, 6000 / 5000 bytes written") {
		t.Errorf("ratio lines = %q, want 50 %%, 25 %% (CPU 50 %%), the interleaved 45 %% / 60 %% and its per-patient figures", b.String())
	}
	if strings.Contains(b.String(), "one patient per transaction (same run): 50 %, by CPU") {
		t.Errorf("a CPU ratio without CPU figures: %q", b.String())
	}
	b.Reset()
	printTable(&b, res)
	if !strings.Contains(b.String(), "| BenchmarkAdultK5/supp0/dm | 20.0 ms | 45.5 peakMB |") {
		t.Errorf("table misses the deid row:\n%s", b.String())
	}
}

// TestTargetsCompareLikeWithLike: each row gets the target of what it
// measures — the batched inserts not the one-per-transaction target, one
// Allowed call not the 100,000-patient target.
func TestTargetsCompareLikeWithLike(t *testing.T) {
	for name, want := range map[string]string{
		"BenchmarkInsertEncryptedBatch100": "≥ 80 %",
		"BenchmarkInsertEncrypted":         "reference",
		"BenchmarkInsertBatch100Pair":      "interleaved",
		"BenchmarkAllowedMany100k":         "< 100 ms (whole filter",
		"BenchmarkAllowed100k":             "one call",
		"BenchmarkRetentionItems100k":      "< 200 ms",
		"BenchmarkConsentList100k":         "< 300 ms",
		"BenchmarkAdultK5/supp0/dm":        "ARX warm",
		"BenchmarkAdultK5/supp5/aecs":      "2.3 s aecs",
	} {
		if got := target(name); !strings.Contains(got, want) {
			t.Errorf("%s: target %q, want %q in it", name, got, want)
		}
	}
	if got := target("BenchmarkAllowed100kSomethingElse"); got != "" {
		t.Errorf("a longer name took another benchmark's target: %q", got)
	}
}
