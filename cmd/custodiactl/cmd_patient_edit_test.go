package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPatientEdit(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	var before patientJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "patient", "show", "--json", id)), &before); err != nil {
		t.Fatal(err)
	}
	var after patientJSON
	out := mustRun(t, env, "patient", "edit", id, "--family", "Durand-Roux", "--email", "", "--birth", "1984-03-13", "--json")
	if err := json.Unmarshal([]byte(out), &after); err != nil {
		t.Fatal(err)
	}
	want := before
	want.FamilyName, want.Email, want.BirthDate = "Durand-Roux", "", "1984-03-13"
	want.Version, want.UpdatedAt, want.LastClinicalAt = after.Version, after.UpdatedAt, after.LastClinicalAt
	if after != want || after.Version <= before.Version {
		t.Fatalf("edit changed more or less than the flags given:\nbefore %+v\nafter  %+v", before, after)
	}
	if !strings.Contains(mustRun(t, env, "patient", "find", "--name", "durand-roux"), id) {
		t.Fatal("the new family name is not found")
	}
	msg := mustFail(t, env, exitValidation, "patient", "edit", id, "--email", "not-an-address")
	if !strings.Contains(msg, "--email") || strings.Contains(msg, "not-an-address") {
		t.Errorf("bad e-mail: %s", msg)
	}
	mustFail(t, env, exitNotFound, "patient", "edit", strings.Replace(id, id[:8], "00000000", 1), "--family", "X")
	mustFail(t, env, exitUsage, "patient", "edit")
}
