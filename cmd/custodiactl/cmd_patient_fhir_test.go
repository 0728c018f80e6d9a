package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fhirBundle = `{"resourceType":"Bundle","type":"collection","entry":[
 {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Qorvexson","given":["Zyxa"]}],"birthDate":"1970-02-03","gender":"male",
   "identifier":[{"type":{"coding":[{"code":"MR"}]},"value":"MRN-F1"}]}},
 {"fullUrl":"urn:uuid:e1","resource":{"resourceType":"Encounter","class":{"code":"AMB"},"subject":{"reference":"urn:uuid:p1"},"period":{"start":"2024-01-02T10:00:00Z"}}},
 {"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003","display":"Hypertension"}]},"subject":{"reference":"urn:uuid:p1"},"encounter":{"reference":"urn:uuid:e1"}}},
 {"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2024-01-02","valueQuantity":{"value":142,"code":"mm[Hg]"}}},
 {"fullUrl":"urn:uuid:x1","resource":{"resourceType":"Immunization"}}]}`

func TestPatientImportFHIR(t *testing.T) {
	env := initVault(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "bundle.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte(fhirBundle), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(strings.Replace(fhirBundle, `"1970-02-03"`, `"1970"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	errOut := mustFail(t, env, exitValidation, "patient", "import-fhir", bad)
	if !strings.Contains(errOut, "entry[0].resource.birthDate") || strings.Contains(errOut, "Qorvexson") {
		t.Errorf("malformed bundle: %s", errOut)
	}
	if out := mustRun(t, env, "patient", "count"); strings.TrimSpace(out) != "0" {
		t.Fatalf("count after a refused import: %s", out)
	}
	if out := mustRun(t, env, "patient", "import-fhir", "--dry-run", good); !strings.Contains(out, "nothing imported") {
		t.Errorf("dry run: %s", out)
	}
	var sum fhirSummaryJSON
	out := mustRun(t, env, "patient", "import-fhir", "--json", good)
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Patients != 1 || sum.Encounters != 1 || sum.Observations != 1 || sum.Skipped["Immunization"] != 1 {
		t.Fatalf("import: %v %s", err, out)
	}
	if out := mustRun(t, env, "encounter", "list", "--mrn", "MRN-F1"); !strings.Contains(out, "I10 Hypertension") {
		t.Errorf("imported encounter: %s", out)
	}
}

func TestPatientImportClinical(t *testing.T) {
	env := initVault(t)
	addPatient(t, env)
	dir := t.TempDir()
	enc, obs := filepath.Join(dir, "enc.csv"), filepath.Join(dir, "obs.csv")
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(enc, []byte("mrn,date,kind,diagnoses,ref\nDEMO-T1,2024-01-02,video,J06.9,a\n"), 0o600))
	must(os.WriteFile(obs, []byte("mrn,date,loinc,value,unit,encounter\nDEMO-T1,2024-01-02,8867-4,72,/min,a\nDEMO-T1,2024-01-02,8867-3,72,/min,\n"), 0o600))
	errOut := mustFail(t, env, exitValidation, "patient", "import-clinical", "--encounters", enc, "--observations", obs)
	if !strings.Contains(errOut, "obs.csv, line 3, column “LOINC code” (loinc): is not a LOINC code") {
		t.Errorf("bad LOINC: %s", errOut)
	}
	must(os.WriteFile(obs, []byte("mrn,date,loinc,value,unit,encounter\nDEMO-T1,2024-01-02,8867-4,72,/min,a\n"), 0o600))
	if out := mustRun(t, env, "patient", "import-clinical", "--encounters", enc, "--observations", obs); !strings.Contains(out, "1 encounter and 1 observation imported.") {
		t.Errorf("import: %s", out)
	}
}
