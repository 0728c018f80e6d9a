package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEncounterCommands(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	var e encounterJSON
	out := mustRun(t, env, "encounter", "add", "--mrn", "DEMO-T1", "--date", "2025-01-14", "--kind", "home visit",
		"--diagnosis", "e119 Type 2 diabetes", "--diagnosis", "I10", "--json")
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.PatientID != id || e.Kind != "home-visit" || len(e.Diagnoses) != 2 || e.Diagnoses[0].Code != "E11.9" {
		t.Fatalf("encounter add: %v %s", err, out)
	}
	if out := mustRun(t, env, "encounter", "list", "--patient", id); !strings.Contains(out, "Home visit") || !strings.Contains(out, "E11.9 Type 2 diabetes; I10") {
		t.Errorf("encounter list:\n%s", out)
	}
	errOut := mustFail(t, env, exitValidation, "encounter", "add", "--patient", id, "--diagnosis", "E11", "--diagnosis", "diabetes")
	if !strings.Contains(errOut, "--diagnosis #2 is not an ICD-10 code") || strings.Contains(errOut, "diabetes") {
		t.Errorf("bad code message: %s", errOut)
	}
	mustFail(t, env, exitUsage, "encounter", "add", "--patient", id)
	mustFail(t, env, exitNotFound, "encounter", "add", "--mrn", "NO-SUCH", "--diagnosis", "E11")

	out = mustRun(t, env, "encounter", "edit", e.ID, "--kind", "video", "--json")
	var edited encounterJSON
	if err := json.Unmarshal([]byte(out), &edited); err != nil || edited.Kind != "video" || edited.Version != 2 || len(edited.Diagnoses) != 2 {
		t.Fatalf("encounter edit: %v %s", err, out)
	}

	if errOut := mustFail(t, env, exitValidation, "encounter", "edit", e.ID, "--kind", "visit", "--request", "no-such-request"); !strings.Contains(errOut, "--request") {
		t.Errorf("rectification without a request: %s", errOut)
	}

	var o observationJSON
	out = mustRun(t, env, "observation", "add", "--patient", id, "--date", "2025-01-14", "--loinc", "4548-4", "--value", "6,8", "--unit", "%", "--encounter", e.ID, "--json")
	if err := json.Unmarshal([]byte(out), &o); err != nil || o.Value != "6.8" || o.Name != "HbA1c" || o.EncounterID != e.ID {
		t.Fatalf("observation add: %v %s", err, out)
	}
	if errOut := mustFail(t, env, exitValidation, "observation", "add", "--patient", id, "--loinc", "4548-5", "--value", "6.8"); !strings.Contains(errOut, "--loinc") {
		t.Errorf("bad LOINC: %s", errOut)
	}
	var list []observationJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "observation", "list", "--patient", id, "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("observation list: %v %+v", err, list)
	}
	mustRun(t, env, "observation", "delete", o.ID)
	mustRun(t, env, "encounter", "delete", e.ID)
	if out := mustRun(t, env, "encounter", "list", "--patient", id, "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("after delete: %s", out)
	}
	mustFail(t, env, exitNotFound, "encounter", "delete", e.ID)
	if out := mustRun(t, env, "encounter", "--help"); !strings.Contains(out, "edit") {
		t.Errorf("help: %s", out)
	}
}
