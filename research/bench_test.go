package research

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkExport100k: 100,000 patients × 3 encounters through the
// criteria, the gate, rows, deid and the package (issue 7: < 10 s).
func BenchmarkExport100k(b *testing.B) {
	cat := catalogue(b)
	sy := makeSynthetic(b, cat, 99, 100_000)
	s := encounterStudy()
	s.Cohort = Cohort{}
	s.Privacy = Privacy{K: 5, Suppression: 0.05}
	s.Columns = s.Columns[:5]
	s.Columns[4].Role = RoleInsensitive
	dir := b.TempDir()
	b.ResetTimer()
	cpu0 := processCPU()
	for range b.N {
		res, err := Run(context.Background(), RunInput{Study: s, Patients: sy.patients, Consent: sy.index, Key: testKey(1), At: day(2026, 6, 1)})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := WritePackage(context.Background(), filepath.Join(dir, "s.age"), res, PackageOptions{Passphrase: "bench passphrase", ScryptWorkFactor: 10}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Deid.Records), "rows")
	}
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkPreview30k: a preview recompute (criteria, gate, rows, deid,
// nothing written) on 30,000 patients (issue 7: < 1 s).
func BenchmarkPreview30k(b *testing.B) {
	cat := catalogue(b)
	sy := makeSynthetic(b, cat, 98, 30_000)
	s := encounterStudy()
	s.Cohort = Cohort{}
	b.ResetTimer()
	cpu0 := processCPU()
	defer func() { b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op") }()
	for range b.N {
		if _, err := Run(context.Background(), RunInput{Study: s, Patients: sy.patients, Consent: sy.index, Key: testKey(1), At: day(2026, 6, 1)}); err != nil {
			b.Fatal(err)
		}
	}
}
