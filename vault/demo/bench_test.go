package demo

import "testing"

// BenchmarkPatients generates 1,000 synthetic patients per op.
func BenchmarkPatients(b *testing.B) {
	for b.Loop() {
		Patients(1000, 1, testNow)
	}
}
