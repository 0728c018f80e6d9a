package clinicalcsv_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"custodia/vault"
	"custodia/vault/clinicalcsv"
)

// clinicalFiles writes an encounters and an observations file for n
// synthetic patients: two encounters and four observations each.
func clinicalFiles(b *testing.B, s *vault.Session, n int) (enc, obs []byte) {
	b.Helper()
	ps := make([]vault.Patient, n)
	for i := range ps {
		ps[i] = vault.Patient{GivenName: "Bench", FamilyName: fmt.Sprintf("Synthetic%d", i), BirthDate: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), MRN: fmt.Sprintf("B-%d", i)}
	}
	if _, err := s.AddPatients(ps); err != nil {
		b.Fatal(err)
	}
	var e, o bytes.Buffer
	e.WriteString("mrn,date,kind,diagnoses,ref\n")
	o.WriteString("mrn,date,loinc,value,unit,encounter\n")
	for i := range n {
		for j := range 2 {
			fmt.Fprintf(&e, "B-%d,2024-0%d-02,visit,\"E11.9 Type 2 diabetes; I10\",r%d-%d\n", i, j+1, i, j)
			fmt.Fprintf(&o, "B-%d,2024-0%d-02,4548-4,6.8,%%,r%d-%d\n", i, j+1, i, j)
			fmt.Fprintf(&o, "B-%d,2024-0%d-02,29463-7,81.5,kg,\n", i, j+1)
		}
	}
	return e.Bytes(), o.Bytes()
}

// BenchmarkClinicalCheck and BenchmarkClinicalSave measure the two steps
// of an import of 500 patients' data (1,000 encounters, 2,000
// observations): the check looks every patient up once.
func BenchmarkClinicalCheck(b *testing.B) {
	_, s := vault.NewTestVault(b)
	enc, obs := clinicalFiles(b, s, 500)
	b.ResetTimer()
	for range b.N {
		if _, err := clinicalcsv.Parse(input(enc, obs), s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClinicalSave(b *testing.B) {
	_, s := vault.NewTestVault(b)
	enc, obs := clinicalFiles(b, s, 500)
	res, err := clinicalcsv.Parse(input(enc, obs), s)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := clinicalcsv.Save(context.Background(), s, res); err != nil {
			b.Fatal(err)
		}
	}
}

func input(enc, obs []byte) clinicalcsv.Input {
	return clinicalcsv.Input{EncountersName: "enc.csv", Encounters: bytes.NewReader(enc), ObservationsName: "obs.csv", Observations: bytes.NewReader(obs)}
}
