package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// result is one benchmark line: its name without the -N suffix and its
// metrics by unit ("ns/op", "B/op", custom units).
type result struct {
	name    string
	metrics map[string]float64
	units   []string
}

// targets maps a benchmark (its name, or a prefix ending in "/" for its
// sub-benchmarks) to the brief's target for what that benchmark measures.
// Each row states the unit the target is about, so that no row sets one
// call against a figure meant for a whole practice.
var targets = []struct{ name, target string }{
	{"BenchmarkUnlockDefault", "0.5–1 s by design (Argon2id)"},
	{"BenchmarkInsertEncrypted", "one patient per transaction: see ratio (reference)"},
	{"BenchmarkInsertPlaintext", "baseline for the ratio"},
	{"BenchmarkInsertEncryptedBatch100", "100 patients per transaction: ≥ 80 % of plaintext rate (see ratio)"},
	{"BenchmarkInsertPlaintextBatch100", "baseline for the batched ratio"},
	{"BenchmarkInsertBatch100Pair", "both sides interleaved batch by batch: cpu-rate-ratio and wall-rate-ratio ≥ 0.8"},
	{"BenchmarkFindByName100k", "< 1 ms (one search among 100,000)"},
	{"BenchmarkRetentionItems100k", "< 200 ms (whole list, 100,000 patients)"},
	{"BenchmarkAdultK5/supp0", "search < 25–36 ms (ARX warm), < 100 MB"},
	{"BenchmarkAdultK5/supp5", "search < 1.25 s dm / 2.3 s aecs (ARX), < 100 MB"},
	{"BenchmarkAdultLDiv2Supp5", "search < 2.3 s (ARX), < 100 MB"},
	{"BenchmarkAdultLike1M", "engine only, 5 % DM (reference; issue 11's targets are whole-process: ≤ 2.8 s CPU, < 200 MB, see the custodiactl anonymize rows)"},
	{"BenchmarkAdultLike10M", "engine only, 5 % DM (reference; whole process < 30 s wall, < 2 GiB on 2 cores)"},
	{"BenchmarkAllowedMany100k", "< 100 ms (whole filter, 100,000 patients)"},
	{"BenchmarkAllowed100k", "one call (reference; the 100,000-patient target is AllowedMany100k)"},
	{"BenchmarkAllowedLoop100k", "100,000 Allowed calls in a loop (reference for AllowedMany100k)"},
	{"BenchmarkBuildIndex100k", "whole-ledger index, 100,000 patients (reference: single-patient commands do not build it)"},
	{"BenchmarkConsentList100k", "< 300 ms after unlock (one patient, 100,000-patient vault)"},
	{"BenchmarkRunExport100k", "< 10 s, < 500 MB (vault → package: 100,000 patients × 3 encounters; on a shared machine compare cpu-s/op)"},
	{"BenchmarkPreviewStudy30k", "< 1 s (wizard preview recompute, 30,000 patients loaded; compare cpu-s/op)"},
	{"BenchmarkExport100k", "in-memory part of RunExport100k: gate, rows, deid, package (reference)"},
	{"BenchmarkPreview30k", "in-memory research.Run on 30,000 patients (reference for PreviewStudy30k)"},
}

var lineRE = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+(\d+)\s+(.*)$`)

func main() {
	results, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	printTable(os.Stdout, results)
	printRatios(os.Stdout, results)
}

func parse(r io.Reader) ([]result, error) {
	var out []result
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := lineRE.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		res := result{name: m[1], metrics: map[string]float64{}}
		f := strings.Fields(m[4])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			res.metrics[f[i+1]] = v
			res.units = append(res.units, f[i+1])
		}
		out = append(out, res)
	}
	return out, sc.Err()
}

func printTable(w io.Writer, results []result) {
	fmt.Fprintln(w, "| benchmark | time/op | other metrics | target |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, r := range results {
		var extra []string
		for _, u := range r.units {
			if u != "ns/op" {
				extra = append(extra, fmt.Sprintf("%s %s", trim(r.metrics[u]), u))
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.name, duration(r.metrics["ns/op"]), strings.Join(extra, ", "), target(r.name))
	}
}

// insertPairs are the encrypted/plaintext benchmark pairs whose rate ratio
// is shown; target is the brief's minimum in percent (0: none, reference).
var insertPairs = []struct {
	label, enc, plain string
	target            int
}{
	{"one patient per transaction", "BenchmarkInsertEncrypted", "BenchmarkInsertPlaintext", 0},
	{"100 patients per transaction", "BenchmarkInsertEncryptedBatch100", "BenchmarkInsertPlaintextBatch100", 80},
}

func printRatios(w io.Writer, results []result) {
	for _, p := range insertPairs {
		enc, okE := find(results, p.enc, "ns/op")
		plain, okP := find(results, p.plain, "ns/op")
		if !okE || !okP || enc == 0 {
			continue
		}
		fmt.Fprintf(w, "\nencrypted / plaintext insert rate, %s (same run): %.0f %%", p.label, 100*plain/enc)
		// On a shared machine wall time swings with other people's fsyncs;
		// the CPU time per patient, where both sides report it, is the
		// steadier comparison.
		encCPU, okE := find(results, p.enc, "cpu-ns/patient")
		plainCPU, okP := find(results, p.plain, "cpu-ns/patient")
		if okE && okP && encCPU > 0 {
			fmt.Fprintf(w, ", by CPU time %.0f %%", 100*plainCPU/encCPU)
		}
		if p.target > 0 {
			fmt.Fprintf(w, " (target ≥ %d %%)", p.target)
		} else {
			fmt.Fprint(w, " (reference)")
		}
	}
	if cpu, ok := find(results, "BenchmarkInsertBatch100Pair", "cpu-rate-ratio"); ok {
		wall, _ := find(results, "BenchmarkInsertBatch100Pair", "wall-rate-ratio")
		fmt.Fprintf(w, "\nencrypted / plaintext insert rate, 100 patients per transaction, interleaved: %.0f %% by CPU time, %.0f %% by wall time (target ≥ 80 %%)", 100*cpu, 100*wall)
		pairPerPatient(w, results)
	}
	fmt.Fprintln(w)
}

// pairPerPatient adds the interleaved pair's CPU time and bytes written
// per patient and side, the figures the ratio is made of.
func pairPerPatient(w io.Writer, results []result) {
	const pair = "BenchmarkInsertBatch100Pair"
	encCPU, ok1 := find(results, pair, "enc-cpu-ns/patient")
	plainCPU, ok2 := find(results, pair, "plain-cpu-ns/patient")
	encB, ok3 := find(results, pair, "enc-written-B/patient")
	plainB, ok4 := find(results, pair, "plain-written-B/patient")
	if ok1 && ok2 && ok3 && ok4 {
		fmt.Fprintf(w, "; per patient encrypted / plaintext: %.0f / %.0f µs CPU, %.0f / %.0f bytes written", encCPU/1e3, plainCPU/1e3, encB, plainB)
	}
}

// find returns the metric (unit) of the benchmark called name.
func find(results []result, name, unit string) (float64, bool) {
	for _, r := range results {
		if r.name == name {
			v, ok := r.metrics[unit]
			return v, ok
		}
	}
	return 0, false
}

// target returns the target of a benchmark: an exact name, or the name of
// its parent benchmark (BenchmarkAdultK5/supp0 for BenchmarkAdultK5/supp0/dm).
func target(name string) string {
	for _, t := range targets {
		if name == t.name || strings.HasPrefix(name, t.name+"/") {
			return t.target
		}
	}
	return ""
}

func duration(ns float64) string {
	switch {
	case ns == 0:
		return "–"
	case ns < 1e3:
		return fmt.Sprintf("%.0f ns", ns)
	case ns < 1e6:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	case ns < 1e9:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	}
	return fmt.Sprintf("%.2f s", ns/1e9)
}

func trim(v float64) string {
	return strconv.FormatFloat(v, 'g', 6, 64)
}
