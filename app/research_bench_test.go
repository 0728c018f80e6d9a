//go:build unix

package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/research"
	"custodia/vault"
)

// benchVault is a vault of n synthetic patients with three encounters and
// an HbA1c value each, and a research consent ledger (70 % granted, of
// them some withdrawn or with a deny exception for lab results), built
// once per size for every b.N of a benchmark.
type benchVault struct {
	s   *app.Session
	err error
}

var benchVaults sync.Map // n → *benchVault (built once)

func researchBenchVault(b *testing.B, n int) *app.Session {
	b.Helper()
	v, _ := benchVaults.LoadOrStore(n, &benchVault{})
	bv := v.(*benchVault)
	if bv.s == nil && bv.err == nil {
		bv.s, bv.err = buildBenchVault(b.TempDir(), n)
	}
	if bv.err != nil {
		b.Fatal(bv.err)
	}
	return bv.s
}

func buildBenchVault(dir string, n int) (*app.Session, error) {
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak, Now: now}
	path := filepath.Join(dir, "bench.vault")
	if _, err := app.CreateVault(context.Background(), path, "admin", []byte("admin-passphrase"), opts); err != nil {
		return nil, err
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		return nil, err
	}
	s, vs, err := app.Unlock(context.Background(), v, "admin", []byte("admin-passphrase"), app.Options{Now: now})
	if err != nil {
		return nil, err
	}
	cat, err := s.Catalogue()
	if err != nil {
		return nil, err
	}
	text, _ := cat.LatestText(purposeRegistry, "en", clock.AddDate(0, -2, 0))
	r := rand.New(rand.NewPCG(uint64(n), 1))
	codes := []string{"E11.9", "I10", "J45.0", "M54.5", "E78.0", "F32.1", "K21.9", "N39.0"}
	for start := 0; start < n; start += 1000 {
		var recs []vault.PatientRecord
		for i := start; i < min(start+1000, n); i++ {
			d := time.Date(2023+r.IntN(2), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			rec := vault.PatientRecord{Patient: vault.Patient{GivenName: "Bench", FamilyName: fmt.Sprintf("Person%06d", i),
				BirthDate: time.Date(1930+r.IntN(90), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC),
				Sex:       []string{"female", "male"}[r.IntN(2)], Postcode: fmt.Sprintf("%05d", 10000+r.IntN(9000))}}
			for e := range 3 {
				rec.Encounters = append(rec.Encounters, vault.Encounter{Date: d.AddDate(0, 0, 40*e), Kind: vault.EncounterVisit,
					Diagnoses: []vault.Diagnosis{{Code: codes[r.IntN(len(codes))]}}})
			}
			rec.Observations = []vault.Observation{{EncounterID: "#0", Date: d, Code: "4548-4", Value: fmt.Sprintf("%.1f", 5+3*r.Float64()), Unit: "%"}}
			recs = append(recs, rec)
		}
		stored, err := vs.AddPatientRecords(recs)
		if err != nil {
			return nil, err
		}
		var events []consent.Event
		for _, rec := range stored {
			if r.IntN(10) >= 7 {
				continue
			}
			g := consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: rec.Patient.ID, PurposeID: purposeRegistry,
				Time: clock.AddDate(0, -2, 0), RecordedBy: s.User().ID, Method: consent.MethodPaper,
				TextLanguage: text.Language, TextVersion: text.Version, TextSHA256: text.SHA256}
			if r.IntN(20) == 0 {
				g.Deny = []consent.Deny{{Categories: []string{consent.CatLabResults}}}
			}
			events = append(events, g)
			if r.IntN(20) == 0 {
				events = append(events, consent.Event{ID: consent.NewID(), Type: consent.Withdrawn, PatientID: rec.Patient.ID,
					PurposeID: purposeRegistry, RefersTo: g.ID, Time: clock.AddDate(0, -1, 0), RecordedBy: s.User().ID, Method: consent.MethodVerbal})
			}
		}
		if err := vs.ConsentStore().AppendEvents(context.Background(), events...); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func benchStudy(id string) research.Study {
	return research.Study{ID: id, Name: "Bench " + id, Purpose: purposeRegistry,
		Recipient: research.Recipient{Org: "University research institute", Contact: "study office", ID: "university-institute",
			AgeRecipient: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"},
		Level: research.LevelEncounter, ReferenceDate: "2026-01-01",
		Columns: []research.Column{{Name: research.SrcPatient, Role: research.RoleIdentifying, Treatment: research.IdentPseudonymise},
			{Name: research.SrcAge, Role: research.RoleQuasi}, {Name: research.SrcSex, Role: research.RoleQuasi},
			{Name: research.SrcPostcode, Role: research.RoleQuasi}, {Name: research.SrcDiagnosis, Role: research.RoleInsensitive},
			{Name: "obs:4548-4", Role: research.RoleInsensitive}},
		Privacy: research.Privacy{K: 5, Suppression: 0.05}, Metric: "loss", Algorithm: research.AlgorithmOptimal}
}

// peakMemory samples the memory the Go runtime holds from the OS until
// stop is called and returns the highest value seen (bytes).
func peakMemory() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 { close(done); read(); return peak.Load() }
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// settle releases the set-up's memory so the peak is the measured step's.
func settle() {
	runtime.GC()
	debug.FreeOSMemory()
}

// BenchmarkRunExport100k: 100,000 patients × 3 encounters, the whole use
// case: decrypt the extract, load the consent index, gate, pseudonyms,
// de-identification (k=5 per patient, 5 % suppression), package (CSV,
// Parquet, codebook, report with charts, re-check), disclosures and
// history committed (issue 7: < 10 s, < 500 MB).
func BenchmarkRunExport100k(b *testing.B) { benchRunExport(b, 100_000) }

func benchRunExport(b *testing.B, n int) {
	s := researchBenchVault(b, n)
	st, err := s.SaveStudy(benchStudy("bench-run"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	settle()
	b.ResetTimer()
	cpu0 := processCPU()
	stop := peakMemory()
	var rows int
	for i := range b.N {
		rec, err := s.RunExport(context.Background(), st.Study.ID, filepath.Join(dir, fmt.Sprintf("run-%d.age", i)), app.ExportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		rows = rec.Rows
	}
	peak := stop()
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	b.ReportMetric(float64(rows), "rows")
}

// BenchmarkPreviewStudy30k: the wizard's preview recompute on 30,000 patients
// with the extract already loaded (issue 7: < 1 s).
func BenchmarkPreviewStudy30k(b *testing.B) {
	s := researchBenchVault(b, 30_000)
	st := benchStudy("bench-preview")
	data, err := s.LoadResearchData(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer data.Close()
	settle()
	b.ResetTimer()
	cpu0 := processCPU()
	stop := peakMemory()
	for range b.N {
		if _, err := s.PreviewStudy(context.Background(), data, st, nil); err != nil {
			b.Fatal(err)
		}
	}
	peak := stop()
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

// BenchmarkRunExport30k is RunExport100k at 30,000 patients (scaling
// reference, and quick to profile).
func BenchmarkRunExport30k(b *testing.B) { benchRunExport(b, 30_000) }
