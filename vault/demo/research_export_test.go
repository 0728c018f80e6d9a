package demo_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"custodia/consent"
	"custodia/research"
	"custodia/vault"
	"custodia/vault/demo"
)

// TestResearchPackageFromDemoVault wires the vault to the research core as
// the app layer will: the DPO's ClinicalExtract, the vault's consent
// ledger and StudyKey, then Run, WritePackage and Open. The package
// re-verifies, and its decrypted bytes hold no demo patient's name, phone,
// e-mail, MRN or insurance number; every released pseudonym belongs to a
// patient the gate included.
func TestResearchPackageFromDemoVault(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo vault")
	}
	now := time.Date(2026, 3, 15, 10, 30, 0, 0, time.UTC)
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak, Now: func() time.Time { return now }}
	path := filepath.Join(t.TempDir(), "demo.vault")
	const n = 300
	if _, err := demo.CreateDemoVault(path, n, opts); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	s, err := v.Unlock("dpo", []byte("dpo-passphrase-not-secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	ctx := context.Background()
	ix, err := consent.LoadIndex(ctx, s.ConsentStore())
	if err != nil {
		t.Fatal(err)
	}
	var patients []*research.Patient
	err = s.ClinicalExtract(func(r vault.ExtractRecord) error {
		p := &research.Patient{ID: r.PatientID, BirthDate: r.BirthDate, Sex: r.Sex, Postcode: r.Postcode, Restricted: r.Restricted}
		for _, e := range r.Encounters {
			enc := research.Encounter{ID: e.ID, Date: e.Date, Kind: string(e.Kind)}
			for _, d := range e.Diagnoses {
				enc.Codes = append(enc.Codes, d.Code)
			}
			p.Encounters = append(p.Encounters, enc)
		}
		for _, o := range r.Observations {
			p.Observations = append(p.Observations, research.Observation{EncounterID: o.EncounterID, Date: o.Date, Code: o.Code, Value: o.Value, Unit: o.Unit})
		}
		patients = append(patients, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := age.GenerateX25519Identity()
	st := &research.Study{ID: "registry-2026", Version: 1, Name: "Chronic disease registry", Purpose: "research:registry",
		Recipient: research.Recipient{Org: "University Research Institute", Contact: "study office", ID: "university", AgeRecipient: id.Recipient().String()},
		Level:     research.LevelEncounter, ReferenceDate: "2026-01-01",
		Columns: []research.Column{{Name: research.SrcPatient, Role: research.RoleIdentifying, Treatment: research.IdentPseudonymise},
			{Name: research.SrcAge, Role: research.RoleQuasi}, {Name: research.SrcSex, Role: research.RoleQuasi},
			{Name: research.SrcPostcode, Role: research.RoleQuasi}, {Name: research.SrcDiagnosis, Role: research.RoleSensitive}},
		Privacy: research.Privacy{K: 3, L: 2, Suppression: 0.2}, Metric: "loss", Algorithm: research.AlgorithmOptimal}
	hash, err := st.Hash()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SaveStudy(vault.StudyDraft{ID: st.ID, DefinitionSHA256: hash, Build: func(int) ([]byte, error) { return st.Canonical() }}); err != nil {
		t.Fatal(err)
	}
	key, err := s.StudyKey(st.ID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := research.Run(ctx, research.RunInput{Study: st, Patients: patients, Consent: ix, Key: key, At: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gate.Included) == 0 || res.Gate.ExcludedTotal() == 0 {
		t.Fatalf("demo gate: %d included, exclusions %v", len(res.Gate.Included), res.Gate.Excluded)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "registry.age")
	if _, err := research.WritePackage(ctx, out, res, research.PackageOptions{ExportID: "exp-demo", ConsentAt: now, Now: func() time.Time { return now }}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opened, err := research.Open(f, filepath.Join(dir, "opened"), id)
	if err != nil || !opened.OK() {
		t.Fatalf("open: %v", err)
	}
	var files [][]byte
	for _, m := range opened.Files {
		b, err := os.ReadFile(filepath.Join(dir, "opened", m.Name))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	for i, r := range demo.Records(n, demo.Seed, now) {
		p := r.Patient
		for _, secret := range []string{p.GivenName + " " + p.FamilyName, p.Phone, p.Email, p.MRN, p.InsuranceNumber} {
			if len(secret) < 5 {
				continue
			}
			for _, b := range files {
				if bytes.Contains(b, []byte(secret)) {
					t.Fatalf("demo patient %d: an identifying field is in the package", i)
				}
			}
		}
	}
	for _, p := range patients {
		for _, b := range files {
			if bytes.Contains(b, []byte(p.ID)) {
				t.Fatal("a vault patient id is in the package")
			}
		}
	}
	t.Logf("demo export: %d candidates, %d included, exclusions %v, %d rows released", res.Candidates, len(res.Gate.Included), res.Gate.Excluded, opened.Report.Rows.Output)
}
