package vault

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkInsertBatch100Pair measures the batched encrypted and plaintext
// inserts in one loop: every iteration stores one batch of 100 patients in
// the vault and the same 100 patients (same generator, same seed) in the
// plaintext table, so both tables grow alike and both sides see the same
// moment of the shared machine's load. It reports each side's CPU time
// (process user + system) and wall time per patient and the two rate
// ratios (plaintext time ÷ encrypted time: 1 means the encrypted side is as
// fast). Bytes handed to write(2) are reported per side as well.
func BenchmarkInsertBatch100Pair(b *testing.B) {
	_, s := NewTestVault(b)
	db := newPlainStore(b)
	re, rp := rand.New(rand.NewPCG(1, 1)), rand.New(rand.NewPCG(1, 1))
	var enc, plain pairSide
	i := 0
	for b.Loop() {
		ebatch, pbatch := fakeBatch(re, i, benchBatch), fakeBatch(rp, i, benchBatch)
		enc.measure(func() error { _, err := s.AddPatients(ebatch); return err }, b)
		plain.measure(func() error { return db.insert(pbatch, i) }, b)
		i += benchBatch
	}
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(i) }
	b.ReportMetric(per(enc.cost.cpu), "enc-cpu-ns/patient")
	b.ReportMetric(per(plain.cost.cpu), "plain-cpu-ns/patient")
	b.ReportMetric(per(enc.wall), "enc-ns/patient")
	b.ReportMetric(per(plain.wall), "plain-ns/patient")
	b.ReportMetric(float64(enc.cost.wchar)/float64(i), "enc-written-B/patient")
	b.ReportMetric(float64(plain.cost.wchar)/float64(i), "plain-written-B/patient")
	b.ReportMetric(float64(plain.cost.cpu)/float64(enc.cost.cpu), "cpu-rate-ratio")
	b.ReportMetric(float64(plain.wall)/float64(enc.wall), "wall-rate-ratio")
}

// pairSide sums one side's wall time, CPU time and bytes written.
type pairSide struct {
	wall time.Duration
	cost cost
}

func (p *pairSide) measure(f func() error, b *testing.B) {
	c0, t0 := processCost(), time.Now()
	if err := f(); err != nil {
		b.Fatal(err)
	}
	p.wall += time.Since(t0)
	c := processCost()
	p.cost.cpu += c.cpu - c0.cpu
	p.cost.wchar += c.wchar - c0.wchar
}
