package vault

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// TestNoPlaintextOnDisk writes, edits, deletes and searches synthetic
// patients, then scans the database file, its WAL and shared-memory file for
// every identifying value ever stored.
func TestNoPlaintextOnDisk(t *testing.T) {
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(7, 7))
	var needles []string
	remember := func(p Patient) {
		needles = append(needles, p.GivenName, p.FamilyName, p.Phone, p.Email, p.MRN, p.InsuranceNumber,
			p.Address, p.Notes, normaliseName(p.GivenName+" "+p.FamilyName), p.BirthDate.Format(dateLayout))
	}
	var added []Patient
	for i := range 40 {
		p := mustAdd(t, s, fakePatient(r, i))
		remember(p)
		added = append(added, p)
	}
	for i, p := range added[:10] { // edit: the old values must vanish too
		p.FamilyName = "Zyxqorn" + fakeName(r, 1)
		p.Phone = "+99 777 00" + string(rune('0'+i)) + "123"
		up, err := s.UpdatePatient(p)
		if err != nil {
			t.Fatal(err)
		}
		remember(up)
	}
	needles = append(needles, addClinicalNeedles(t, s, added)...)
	for _, p := range added[10:20] {
		if err := s.DeletePatient(p.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range added[20:25] {
		if _, err := s.FindPatients(Query{Name: p.FamilyName, BirthDate: p.BirthDate}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetPatient(p.ID); err != nil {
			t.Fatal(err)
		}
	}
	scanForPlaintext(t, v.Path(), needles) // while the WAL is live
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	scanForPlaintext(t, v.Path(), needles) // after the final checkpoint
}

// addClinicalNeedles gives every patient an encounter and observations
// with distinctive values (ICD-10 text, observation value and unit), edits
// and deletes some, and returns every value ever stored.
func addClinicalNeedles(t *testing.T, s *Session, ps []Patient) []string {
	t.Helper()
	var needles []string
	for i, p := range ps {
		text, unit, value := fmt.Sprintf("Qorvex%03d malady", i), fmt.Sprintf("zq%03d[Thul]", i), fmt.Sprintf("7%03d.4321", i)
		encs, obs, err := s.AddClinical([]Encounter{{PatientID: p.ID, Date: day(2023, 1, 1+i%28), Kind: EncounterVisit,
			Diagnoses: []Diagnosis{{Code: "Z99.8", Text: text}}}},
			[]Observation{{PatientID: p.ID, Date: day(2023, 2, 1+i%28), Code: "29463-7", Value: value, Unit: unit}})
		if err != nil {
			t.Fatal(err)
		}
		needles = append(needles, text, unit, value)
		if i%4 == 0 { // edit: the old text must vanish too
			e := encs[0]
			e.Diagnoses[0].Text = fmt.Sprintf("Krinmab%03d edited", i)
			if _, err := s.UpdateEncounter(e); err != nil {
				t.Fatal(err)
			}
			needles = append(needles, e.Diagnoses[0].Text)
		}
		if i%4 == 1 {
			if err := s.DeleteObservation(obs[0].ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Encounters(p.ID); err != nil {
			t.Fatal(err)
		}
	}
	return needles
}

func scanForPlaintext(t *testing.T, path string, needles []string) {
	t.Helper()
	scanned, control := 0, false
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		data, err := os.ReadFile(path + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		scanned += len(data)
		lower := bytes.ToLower(data)
		// Control: the staff login name is stored in clear, so the scan must see it.
		control = control || bytes.Contains(lower, []byte(TestAdminName))
		for i, n := range needles {
			if n != "" && bytes.Contains(lower, []byte(strings.ToLower(n))) {
				// Report the needle's index, never its value.
				t.Errorf("file %s contains plaintext needle #%d", "vault"+suffix, i)
			}
		}
	}
	if scanned == 0 || !control {
		t.Fatal("scan is blind: the plaintext user name was not found")
	}
}
