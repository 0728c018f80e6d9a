package clinicalcsv_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/vault"
	"custodia/vault/clinicalcsv"
)

func setup(t *testing.T) (*vault.Session, vault.Patient) {
	t.Helper()
	_, s := vault.NewTestVault(t)
	p, err := s.AddPatient(vault.Patient{GivenName: "Zyxa", FamilyName: "Qorvexson", BirthDate: time.Date(1970, 2, 3, 0, 0, 0, 0, time.UTC), MRN: "MRN-C1"})
	if err != nil {
		t.Fatal(err)
	}
	return s, p
}

const encountersCSV = "mrn;date;kind;diagnoses;ref\n" +
	"MRN-C1;2024-01-02;home visit;\"E11.9 Type 2 diabetes; I10\";v1\n" +
	"MRN-C1;03.02.2024;;J06.9;v2\n"

const observationsCSV = "MRN,Date,LOINC,Value,Unit,Encounter\n" +
	"MRN-C1,2024-01-02,4548-4,\"6,8\",%,v1\n" +
	"MRN-C1,2024-02-03,29463-7,81.5,kg,\n"

func TestImport(t *testing.T) {
	s, p := setup(t)
	res, err := importFiles(s, clinicalcsv.Input{EncountersName: "enc.csv", Encounters: strings.NewReader(encountersCSV),
		ObservationsName: "obs.csv", Observations: strings.NewReader(observationsCSV)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Encounters) != 2 || len(res.Observations) != 2 {
		t.Fatalf("result: %+v", res)
	}
	encs, _ := s.Encounters(p.ID)
	obs, _ := s.Observations(p.ID)
	if len(encs) != 2 || encs[0].Kind != vault.EncounterHomeVisit || encs[0].DiagnosisCodes() != "E11.9, I10" || encs[1].Date.Day() != 3 {
		t.Errorf("encounters: %+v", encs)
	}
	if len(obs) != 2 || obs[0].Value != "6.8" || obs[0].EncounterID != encs[0].ID || obs[1].EncounterID != "" {
		t.Errorf("observations: %+v", obs)
	}
}

func TestImportErrorsAllOrNothing(t *testing.T) {
	s, p := setup(t)
	enc := encountersCSV + "MRN-NONE;2024-13-01;surgery;diabetes;v3\n"
	obs := observationsCSV + "MRN-C1,2024-01-02,4548-5,six,%,v9\nMRN-C1,2024-01-02,4548-4,6.1,%,,extra\n"
	_, err := importFiles(s, clinicalcsv.Input{EncountersName: "enc.csv", Encounters: strings.NewReader(enc),
		ObservationsName: "obs.csv", Observations: strings.NewReader(obs)})
	var ce *clinicalcsv.Error
	if !errors.As(err, &ce) || !errors.Is(err, clinicalcsv.ErrInvalid) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, pr := range ce.Problems {
		got = append(got, fmt.Sprintf("%s %d %s %d %s", pr.File, pr.Line, pr.Column, pr.Item, pr.Rule))
	}
	want := []string{"enc.csv 4 mrn 0 clinical-unknown-patient", "enc.csv 4 date 0 csv-date", "enc.csv 4 kind 0 clinical-kind",
		"enc.csv 4 diagnoses 1 icd10", "obs.csv 4 encounter 0 clinical-unknown-ref", "obs.csv 4 loinc 0 loinc",
		"obs.csv 4 value 0 decimal", "obs.csv 5  0 csv-column-count"}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(err.Error(), "MRN-NONE") || strings.Contains(err.Error(), "six") {
		t.Errorf("error repeats values: %v", err)
	}
	if es, _ := s.Encounters(p.ID); len(es) != 0 {
		t.Errorf("%d encounters stored from a refused import", len(es))
	}
	_, err = importFiles(s, clinicalcsv.Input{EncountersName: "enc.csv", Encounters: strings.NewReader("mrn,date,doctor\n")})
	if !errors.As(err, &ce) || ce.Problems[0].Rule != clinicalcsv.RuleUnknownColumn || ce.Problems[0].Args[1] != 3 {
		t.Errorf("unknown column: %v", err)
	}
}

// importFiles checks both files against the vault and stores them, as the
// app's use cases do.
func importFiles(s *vault.Session, in clinicalcsv.Input) (clinicalcsv.Result, error) {
	res, err := clinicalcsv.Parse(in, s)
	if err != nil {
		return clinicalcsv.Result{}, err
	}
	return clinicalcsv.Save(context.Background(), s, res)
}
