package deid

import (
	"context"
	"testing"
)

func benchMondrian(b *testing.B, n int) {
	in, hs := mondrianAdult(b)
	if n > in.Rows() {
		in = GenerateLike(in, n, 1, 0.05)
	}
	cfg := Config{Models: []Model{KAnonymity{K: 5}}, Hierarchies: hs}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Mondrian(context.Background(), in, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMondrianAdult is Mondrian (k=5, 8 quasi-identifiers) on Adult.
func BenchmarkMondrianAdult(b *testing.B) { benchMondrian(b, 0) }

// BenchmarkMondrian1M is the same on 1,000,000 Adult-like records.
func BenchmarkMondrian1M(b *testing.B) { benchMondrian(b, 1_000_000) }
