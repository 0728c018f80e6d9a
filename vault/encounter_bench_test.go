package vault

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

var clinicalBenchPatients = flag.Int("clinical.patients", 100_000, "patients in the clinical benchmarks (3 encounters each)")

// clinicalRecords makes n synthetic patients with 3 encounters each.
func clinicalRecords(n int) []PatientRecord {
	r := rand.New(rand.NewPCG(11, 11))
	codes := []string{"I10", "E11.9", "J06.9", "M54.5", "F32.9", "J45.9", "K21.9", "E78.5"}
	out := make([]PatientRecord, n)
	for i := range out {
		p := fakePatient(r, i)
		p.Diagnosis, p.Notes = "", ""
		rec := PatientRecord{Patient: p}
		for j := range 3 {
			rec.Encounters = append(rec.Encounters, Encounter{Date: day(2020+j, time.Month(1+r.IntN(12)), 1+r.IntN(28)), Kind: EncounterVisit,
				Diagnoses: []Diagnosis{{Code: codes[r.IntN(len(codes))]}}})
		}
		out[i] = rec
	}
	return out
}

func storeRecords(tb testing.TB, s *Session, recs []PatientRecord) {
	tb.Helper()
	for from := 0; from < len(recs); from += 1000 {
		if _, err := s.AddPatientRecords(recs[from:min(from+1000, len(recs))]); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkClinicalInsert100k stores 100,000 patients with 3 encounters
// each (1,000 patients per transaction) into a fresh vault per op.
// Reported per patient; run with -benchtime 1x.
func BenchmarkClinicalInsert100k(b *testing.B) {
	recs := clinicalRecords(*clinicalBenchPatients)
	for b.Loop() {
		b.StopTimer()
		_, s := NewTestVault(b)
		b.StartTimer()
		storeRecords(b, s, recs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs))/1e3, "µs/patient")
}

// BenchmarkClinicalExtract100k reads back every patient's birth date, sex,
// postcode and encounters for an export (ClinicalExtract), after storing
// 100,000 patients × 3 encounters outside the timer.
func BenchmarkClinicalExtract100k(b *testing.B) {
	recs := clinicalRecords(*clinicalBenchPatients)
	_, s := NewTestVault(b)
	storeRecords(b, s, recs)
	b.ResetTimer()
	for b.Loop() {
		n, encs := 0, 0
		err := s.ClinicalExtract(func(r ExtractRecord) error {
			n++
			encs += len(r.Encounters)
			return nil
		})
		if err != nil || n != len(recs) || encs != 3*len(recs) {
			b.Fatal(fmt.Sprint(n, encs, err))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs))/1e3, "µs/patient")
}
