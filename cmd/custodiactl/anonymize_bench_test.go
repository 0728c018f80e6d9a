package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"custodia/internal/testdata"
)

// BenchmarkAnonymizeAdult runs the whole `custodiactl anonymize` command
// in-process on Adult (read, hierarchies, search, output, report) for
// profiling with -cpuprofile; the process start is not included.
func BenchmarkAnonymizeAdult(b *testing.B) {
	dir := filepath.Dir(testdata.Path(b, "adult/adult.csv"))
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
