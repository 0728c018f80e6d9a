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

// targets maps a benchmark name prefix to the brief's target for it.
var targets = []struct{ prefix, target string }{
	{"BenchmarkUnlockDefault", "0.5–1 s by design (Argon2id)"},
	{"BenchmarkInsertEncrypted", "≥ 60 % of plaintext rate (see ratio)"},
	{"BenchmarkInsertPlaintext", "baseline for the ratio"},
	{"BenchmarkFindByName100k", "< 1 ms"},
	{"BenchmarkAdultK5/supp0", "search < 25–36 ms (ARX warm), < 100 MB"},
	{"BenchmarkAdultK5/supp5", "search < 1.25 s dm / 2.3 s aecs (ARX), < 100 MB"},
	{"BenchmarkAdultLDiv2Supp5", "search < 2.3 s (ARX), < 100 MB"},
	{"BenchmarkAdultLike1M", "< 10 s, < 1 GiB"},
	{"BenchmarkAllowed100k", "filter 100,000 patients instantly (< 100 ms)"},
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
// the brief sets a target for.
var insertPairs = []struct{ label, enc, plain string }{
	{"one patient per transaction", "BenchmarkInsertEncrypted", "BenchmarkInsertPlaintext"},
	{"100 patients per transaction", "BenchmarkInsertEncryptedBatch100", "BenchmarkInsertPlaintextBatch100"},
}

func printRatios(w io.Writer, results []result) {
	for _, p := range insertPairs {
		enc, okE := find(results, p.enc)
		plain, okP := find(results, p.plain)
		if okE && okP && enc > 0 {
			fmt.Fprintf(w, "\nencrypted / plaintext insert rate, %s (same run): %.0f %% (target ≥ 60 %%)", p.label, 100*plain/enc)
		}
	}
	fmt.Fprintln(w)
}

// find returns the time per operation of the benchmark called name.
func find(results []result, name string) (float64, bool) {
	for _, r := range results {
		if r.name == name {
			return r.metrics["ns/op"], true
		}
	}
	return 0, false
}

func target(name string) string {
	for _, t := range targets {
		if strings.HasPrefix(name, t.prefix) {
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
