package demo

import (
	"testing"
	"time"

	"custodia/vault"
)

// TestRecordsPlausible checks every drawn diagnosis against the generator's
// own chance function (a condition impossible for the patient's age and
// sex never appears), seasons, ICD-10 chapters and observation ranges.
func TestRecordsPlausible(t *testing.T) {
	recs := Records(3000, 5, testNow)
	byCode := map[string]condition{}
	for _, c := range append(append([]condition{}, chronicConditions...), episodes...) {
		byCode[c.code] = c
	}
	chapters, winterResp, resp, encs := map[byte]bool{}, 0, 0, 0
	for i, r := range recs {
		if r.Patient.Diagnosis != "" {
			t.Fatalf("record %d keeps the single diagnosis field", i)
		}
		for _, e := range r.Encounters {
			encs++
			e.PatientID = "x"
			if err := e.Validate(); err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
			if e.Date.Before(r.Patient.BirthDate) || e.Date.After(testNow) {
				t.Fatalf("record %d: encounter outside the patient's life", i)
			}
			age := ageOn(r.Patient.BirthDate, e.Date)
			for _, d := range e.Diagnoses {
				chapters[d.Code[0]] = true
				if c := byCode[d.Code]; c.chance(ageOn(r.Patient.BirthDate, testNow), r.Patient.Sex) == 0 {
					t.Errorf("record %d: %s for age %d, sex %s", i, d.Code, age, r.Patient.Sex)
				}
			}
			if e.Diagnoses[0].Code == "J06.9" {
				resp++
				if containsMonth(winter, e.Date.Month()) {
					winterResp++
				}
			}
		}
		for _, o := range r.Observations {
			o.PatientID = "x"
			if o.Code == "29463-7" && (o.Number() < 3 || o.Number() > 200) {
				t.Errorf("record %d: weight out of range", i)
			}
			if err := o.Validate(); err != nil && o.EncounterID == "" {
				t.Fatalf("record %d: %v", i, err)
			}
		}
	}
	if len(chapters) < 10 {
		t.Errorf("only %d ICD-10 chapters", len(chapters))
	}
	if resp == 0 || float64(winterResp)/float64(resp) < 0.95 {
		t.Errorf("upper respiratory infections in winter: %d of %d", winterResp, resp)
	}
	if per := float64(encs) / float64(len(recs)); per < 2 || per > 10 {
		t.Errorf("%.1f encounters per patient", per)
	}
}

func TestDemoVaultHasClinicalData(t *testing.T) {
	path := t.TempDir() + "/demo.vault"
	if _, err := CreateDemoVault(path, 300, testOptions()); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	s, err := v.Unlock("clinician", []byte("clinician-passphrase-not-secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	list, err := s.ListPatients(0, 300)
	if err != nil {
		t.Fatal(err)
	}
	with := 0
	for _, p := range list {
		es, err := s.Encounters(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) > 0 {
			with++
		}
	}
	if with < 250 {
		t.Errorf("only %d of 300 patients have encounters", with)
	}
	_ = time.Now
}
