package deid

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"custodia/deid/shareddata"
)

// Benchmarks of the optimal search on Adult (the brief's configurations)
// and on Adult-like tables of 1M and 10M records. Each reports ns/op (the
// whole Anonymize: prepare, search, output), search-ms/op (the search
// alone), cpu-ms/op (process CPU time, meaningful on a shared machine), the
// bytes allocated per run, the Go runtime's memory from the OS (sys-MB), the
// process's peak resident set (peak-RSS-MB, Linux; includes the input table
// and the test binary) and the nodes evaluated.

func BenchmarkAdultK5(b *testing.B) {
	tab, hs := loadAdult(b, adultQIs)
	for _, supp := range []float64{0, 0.05} {
		for _, m := range []Metric{MetricDM, MetricAECS, MetricLoss} {
			cfg := Config{Models: []Model{KAnonymity{5}}, SuppressionLimit: supp, Metric: m, Hierarchies: hs}
			b.Run("supp"+strconv.Itoa(int(supp*100))+"/"+string(m), func(b *testing.B) { benchAnonymize(b, tab, cfg) })
		}
	}
}

func BenchmarkAdultLDiv2Supp5(b *testing.B) {
	tab, hs := loadAdult(b, adultQIs)
	cfg := Config{Models: []Model{KAnonymity{5}, DistinctLDiversity{"salary-class", 2}}, SuppressionLimit: 0.05, Metric: MetricDM, Hierarchies: hs}
	benchAnonymize(b, tab, cfg)
}

func BenchmarkAdultLike1M(b *testing.B) {
	if testing.Short() {
		b.Skip("1M records")
	}
	benchLike(b, 1_000_000)
}

// BenchmarkAdultLike10M needs CUSTODIA_BENCH_10M=1 (several GiB, minutes).
func BenchmarkAdultLike10M(b *testing.B) {
	if testing.Short() || os.Getenv("CUSTODIA_BENCH_10M") == "" {
		b.Skip("set CUSTODIA_BENCH_10M=1 to run")
	}
	benchLike(b, 10_000_000)
}

func benchLike(b *testing.B, n int) {
	src, hs := loadAdult(b, adultQIs)
	tab := GenerateLike(src, n, 1, 0.05)
	src = nil
	runtime.GC()
	cfg := Config{Models: []Model{KAnonymity{5}}, SuppressionLimit: 0.05, Metric: MetricDM, Hierarchies: hs}
	benchAnonymize(b, tab, cfg)
}

func benchAnonymize(b *testing.B, tab *Table, cfg Config) {
	b.Helper()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	b.ResetTimer()
	var res *Result
	var search time.Duration
	for i := 0; i < b.N; i++ {
		var err error
		if res, err = Anonymize(context.Background(), tab, cfg); err != nil {
			b.Fatal(err)
		}
		search += res.Timings.Search
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MB/op")
	b.ReportMetric(float64(after.Sys)/(1<<20), "sys-MB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(rss, "peak-RSS-MB")
	}
	b.ReportMetric(float64(search.Nanoseconds())/float64(b.N)/1e6, "search-ms/op")
	b.ReportMetric(float64(res.NodesEvaluated), "nodes")
}

// cpuTime returns the process's user+system CPU time in nanoseconds: on a
// shared machine it shows the work done, independent of waiting for a core.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// peakRSS returns VmHWM from /proc/self/status in MiB, or 0.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

// BenchmarkReadCSVAdult measures ReadCSV on Adult (part of the whole
// `custodiactl anonymize` process).
func BenchmarkReadCSVAdult(b *testing.B) {
	path := shareddata.Adult(b) + "/adult.csv"
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	for i := 0; i < b.N; i++ {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		_, err = ReadCSV(context.Background(), f, CSVOptions{Separator: ';'})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}
