package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"custodia/deid"
	"custodia/deid/shareddata"
)

// BenchmarkAnonymizeAdult runs the whole `custodiactl anonymize` command
// in-process on Adult (read, hierarchies, search, output, report) for
// profiling with -cpuprofile; the process start is not included.
func BenchmarkAnonymizeAdult(b *testing.B) {
	dir := shareddata.Adult(b)
	out := b.TempDir()
	for _, c := range []struct{ name, supp, metric string }{{"supp0-dm", "0", "dm"}, {"supp5-dm", "5%", "dm"}, {"supp5-aecs", "5%", "aecs"}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				args := []string{"anonymize", "--input", filepath.Join(dir, "adult.csv"), "--hierarchies", dir,
					"--qi", "sex,age,race,marital-status,education,native-country,workclass,occupation",
					"--output", filepath.Join(out, "out.csv"), "--report", filepath.Join(out, "report.json"),
					"--k", "5", "--suppression", c.supp, "--metric", c.metric, "--quiet"}
				if code := run(args, nil, io.Discard, io.Discard, os.Getenv); code != 0 {
					b.Fatalf("exit code %d", code)
				}
			}
		})
	}
}

// BenchmarkAnonymizeLike1M runs the whole command in-process on a
// generated Adult-like table of 1,000,000 records (written once to a
// temporary file), at 0 % and 5 % suppression, for profiling the reading,
// search and writing stages together with -cpuprofile.
func BenchmarkAnonymizeLike1M(b *testing.B) {
	dir := shareddata.Adult(b)
	f, err := os.Open(filepath.Join(dir, "adult.csv"))
	if err != nil {
		b.Fatal(err)
	}
	src, err := deid.ReadCSV(context.Background(), f, deid.CSVOptions{Separator: ';'})
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	big := filepath.Join(out, "big.csv")
	if _, err := deid.WriteFile(big, deid.TableRelease(deid.GenerateLike(src, 1_000_000, 1, 0.05)), deid.WriteOptions{Format: deid.FormatCSV, Separator: ';'}); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	for _, supp := range []string{"0", "5%"} {
		b.Run("supp"+strings.TrimSuffix(supp, "%"), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				args := []string{"anonymize", "--input", big, "--hierarchies", dir,
					"--qi", "sex,age,race,marital-status,education,native-country,workclass,occupation",
					"--output", filepath.Join(out, "out.csv"), "--report", filepath.Join(out, "report.json"),
					"--k", "5", "--suppression", supp, "--metric", "dm", "--quiet"}
				if code := run(args, nil, io.Discard, io.Discard, os.Getenv); code != 0 {
					b.Fatalf("exit code %d", code)
				}
			}
		})
	}
}
