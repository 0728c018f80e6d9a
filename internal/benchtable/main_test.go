package main

import (
	"strings"
	"testing"
)

func TestParseAndRatio(t *testing.T) {
	in := `goos: linux
BenchmarkInsertEncrypted-2   	    1000	    200000 ns/op	  512 B/op	  9 allocs/op
BenchmarkInsertPlaintext-2   	    1000	    100000 ns/op
BenchmarkAdultK5/supp0/dm-2  	      50	  20000000 ns/op	  45.5 peakMB
PASS`
	res, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("parsed %d results, want 3", len(res))
	}
	if got := res[2].metrics["peakMB"]; got != 45.5 {
		t.Errorf("custom metric peakMB = %v, want 45.5", got)
	}
	var b strings.Builder
	printRatios(&b, res)
	if !strings.Contains(b.String(), "50 %") {
		t.Errorf("ratio line = %q, want 50 %%", b.String())
	}
	b.Reset()
	printTable(&b, res)
	if !strings.Contains(b.String(), "| BenchmarkAdultK5/supp0/dm | 20.0 ms | 45.5 peakMB |") {
		t.Errorf("table misses the deid row:\n%s", b.String())
	}
}
