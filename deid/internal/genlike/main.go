// Command genlike writes a synthetic CSV table of any size drawn like a
// source CSV (deid.GenerateLike: records copied from the source with a
// share of cells swapped between records), for whole-process benchmarks
// such as scripts/bench-anonymize.sh. The output holds no real record
// beyond what the source already holds.
//
//	go run ./deid/internal/genlike -in adult.csv -n 1000000 -out adult-1m.csv
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"custodia/deid"
)

func main() {
	in := flag.String("in", "", "source CSV file")
	out := flag.String("out", "", "output CSV file")
	n := flag.Int("n", 1_000_000, "records to generate")
	seed := flag.Int64("seed", 1, "random seed")
	noise := flag.Float64("noise", 0.05, "share of cells replaced by another record's value")
	sep := flag.String("sep", ";", "field separator of input and output")
	flag.Parse()
	if err := run(*in, *out, *n, *seed, *noise, []rune(*sep)[0]); err != nil {
		fmt.Fprintln(os.Stderr, "genlike:", err)
		os.Exit(1)
	}
}

func run(in, out string, n int, seed int64, noise float64, sep rune) error {
	if in == "" || out == "" || n < 1 {
		return fmt.Errorf("need -in, -out and -n >= 1")
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	src, err := deid.ReadCSV(context.Background(), f, deid.CSVOptions{Separator: sep})
	if err != nil {
		return err
	}
	t := deid.GenerateLike(src, n, seed, noise)
	_, err = deid.WriteFile(out, deid.TableRelease(t), deid.WriteOptions{Format: deid.FormatCSV, Separator: sep})
	return err
}
