package patientcsv

import (
	"bytes"
	"testing"
	"time"

	"custodia/vault"
	"custodia/vault/demo"
)

func benchFile(b *testing.B, n int) []byte {
	b.Helper()
	return writeCSV(b, demo.Patients(n, 1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), ';')
}

// BenchmarkParse parses 10,000 synthetic patients per op.
func BenchmarkParse(b *testing.B) {
	data := benchFile(b, 10000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport parses and stores 1,000 patients per op in a fresh vault.
func BenchmarkImport(b *testing.B) {
	data := benchFile(b, 1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		_, s := vault.NewTestVault(b)
		b.StartTimer()
		if _, err := Import(s, bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
