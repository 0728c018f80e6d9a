package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"custodia/app"
	"custodia/vault"
	"custodia/vault/clinicalcsv"
)

// clinicalVault holds two synthetic patients; the first already has an
// encounter and an observation.
func clinicalVault(t *testing.T) (*vault.Session, vault.Patient, vault.Patient) {
	t.Helper()
	_, s := vault.NewTestVault(t)
	add := func(given, mrn string) vault.Patient {
		p, err := s.AddPatient(vault.Patient{GivenName: given, FamilyName: "Synthetica", BirthDate: time.Date(1970, 2, 3, 0, 0, 0, 0, time.UTC), MRN: mrn})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b := add("Quilla", "C-1"), add("Borvo", "C-2")
	e, err := s.AddEncounter(vault.Encounter{PatientID: a.ID, Date: time.Date(2023, 5, 6, 0, 0, 0, 0, time.UTC), Kind: vault.EncounterVisit,
		Diagnoses: []vault.Diagnosis{{Code: "J06.9"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddObservation(vault.Observation{PatientID: a.ID, EncounterID: e.ID, Date: e.Date, Code: "8867-4", Value: "70", Unit: "/min"}); err != nil {
		t.Fatal(err)
	}
	return s, a, b
}

// clinicalState is everything stored about a patient's care, to compare.
func clinicalState(t *testing.T, s *vault.Session, id string) string {
	t.Helper()
	es, err := s.Encounters(id)
	if err != nil {
		t.Fatal(err)
	}
	os, err := s.Observations(id)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.GetPatient(id)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%+v %+v %v", es, os, p.LastClinicalAt)
}

const goodEncounters = "mrn;date;kind;diagnoses;ref\n" +
	"C-1;2024-01-02;Hausbesuch;\"E11.9 Type 2 diabetes; I10\";v1\n" +
	"C-2;03.02.2024;;J06.9;v2\n"

const goodObservations = "MRN,Date,LOINC,Value,Unit,Encounter\n" +
	"C-1,2024-01-02,4548-4,\"6,8\",%,v1\n" +
	"C-2,2024-02-03,29463-7,81.5,kg,v2\n" +
	"C-2,2024-02-03,8867-4,64,/min,\n"

func clinicalInput(enc, obs string) clinicalcsv.Input {
	return clinicalcsv.Input{EncountersName: "enc.csv", Encounters: strings.NewReader(enc), ObservationsName: "obs.csv", Observations: strings.NewReader(obs)}
}

// A good pair of files is checked, then stored: the observations taken at
// an encounter of the file point at the stored encounter.
func TestClinicalImport(t *testing.T) {
	s, a, b := clinicalVault(t)
	res, err := app.CheckClinicalCSV(context.Background(), s, clinicalInput(goodEncounters, goodObservations))
	if err != nil || len(res.Encounters) != 2 || len(res.Observations) != 3 || res.Patients() != 2 {
		t.Fatalf("check: %d encounters, %d observations, %v", len(res.Encounters), len(res.Observations), err)
	}
	if es, _ := s.Encounters(b.ID); len(es) != 0 {
		t.Fatal("the check stored encounters")
	}
	stored, err := app.ImportClinical(context.Background(), s, res)
	if err != nil || len(stored.Encounters) != 2 || len(stored.Observations) != 3 {
		t.Fatalf("import: %+v, %v", stored, err)
	}
	es, _ := s.Encounters(a.ID)
	os, _ := s.Observations(a.ID)
	if len(es) != 2 || es[1].Kind != vault.EncounterHomeVisit || es[1].DiagnosisCodes() != "E11.9, I10" || len(os) != 2 || os[1].EncounterID != es[1].ID || os[1].Value != "6.8" {
		t.Errorf("patient a: %+v %+v", es, os)
	}
	bes, _ := s.Encounters(b.ID)
	bos, _ := s.Observations(b.ID)
	if len(bes) != 1 || bes[0].Date.Day() != 3 || len(bos) != 2 || bos[0].EncounterID != bes[0].ID || bos[1].EncounterID != "" {
		t.Errorf("patient b: %+v %+v", bes, bos)
	}
}

// One bad line refuses the whole import, and a failure inside the vault's
// transaction (a patient gone between check and import) rolls back every
// row: nothing stored before changes, and no new data appears.
func TestClinicalImportAllOrNothing(t *testing.T) {
	s, a, b := clinicalVault(t)
	before := clinicalState(t, s, a.ID)
	bad := goodObservations + "C-2,2024-02-03,8867-4,sixty,/min,\n"
	if _, err := app.CheckClinicalCSV(context.Background(), s, clinicalInput(goodEncounters, bad)); !errors.Is(err, clinicalcsv.ErrInvalid) {
		t.Fatalf("a bad line: %v, want clinicalcsv.ErrInvalid", err)
	}
	res, err := app.CheckClinicalCSV(context.Background(), s, clinicalInput(goodEncounters, goodObservations))
	if err != nil {
		t.Fatal(err)
	}
	// B's rows come last in both files: A's are sealed before the
	// transaction meets the missing patient.
	if err := s.DeletePatient(b.ID); err != nil {
		t.Fatal(err)
	}
	_, err = app.ImportClinical(context.Background(), s, res)
	if !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("import for a deleted patient: %v, want vault.ErrNotFound", err)
	}
	if after := clinicalState(t, s, a.ID); after != before {
		t.Errorf("a refused import changed the stored data:\nbefore %s\nafter  %s", before, after)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := app.ImportClinical(cancelled, s, res); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled import: %v", err)
	}
	if after := clinicalState(t, s, a.ID); after != before {
		t.Errorf("a cancelled import changed the stored data")
	}
}

// A role that may not write clinical data is refused by the vault, which
// audits the refusal; nothing is stored.
func TestClinicalImportPermission(t *testing.T) {
	v, admin := vault.NewTestVault(t)
	p, err := admin.AddPatient(vault.Patient{GivenName: "Quilla", FamilyName: "Synthetica", BirthDate: time.Date(1970, 2, 3, 0, 0, 0, 0, time.UTC), MRN: "C-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.AddUser(admin, "desk", vault.RoleFrontDesk, []byte("desk-passphrase-long")); err != nil {
		t.Fatal(err)
	}
	desk, err := openAs(t, v, "desk", "desk-passphrase-long")
	if err != nil {
		t.Fatal(err)
	}
	res, err := app.CheckClinicalCSV(context.Background(), desk, clinicalInput("mrn,date,diagnoses\nC-1,2024-01-02,I10\n", "mrn,date,loinc,value\nC-1,2024-01-02,8867-4,64\n"))
	if err != nil {
		t.Fatalf("check as front desk: %v", err)
	}
	if _, err := app.ImportClinical(context.Background(), desk, res); !errors.Is(err, vault.ErrPermission) {
		t.Fatalf("import as front desk: %v, want vault.ErrPermission", err)
	}
	if es, _ := admin.Encounters(p.ID); len(es) != 0 {
		t.Errorf("%d encounters stored by a refused role", len(es))
	}
}
