package main

import (
	"strings"
	"testing"
)

// TestObservationListNumbersInGerman: observation list writes a measured
// value in the reader's number format ("82,5" in German, "82.5" in
// English); --json keeps the stored value.
func TestObservationListNumbersInGerman(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	mustRun(t, env, "observation", "add", "--patient", id, "--date", "2026-05-02", "--loinc", "29463-7", "--value", "82.5", "--unit", "kg")
	de := mustRun(t, with(env, "LANG", "de_DE.UTF-8"), "observation", "list", "--patient", id)
	if !strings.Contains(de, " 82,5 ") || strings.Contains(de, "82.5") {
		t.Errorf("German list does not write 82,5:\n%s", de)
	}
	if en := mustRun(t, with(env, "LANG", "en_GB.UTF-8"), "observation", "list", "--patient", id); !strings.Contains(en, " 82.5 ") {
		t.Errorf("English list does not write 82.5:\n%s", en)
	}
	if js := mustRun(t, env, "observation", "list", "--patient", id, "--json"); !strings.Contains(js, `"82.5"`) {
		t.Errorf("--json changed the stored value:\n%s", js)
	}
}

// TestObservationListUnitsAsPeopleWriteThem: the list shows a UCUM unit as
// the desktop does ("mmHg", not "mm[Hg]"); --json keeps the UCUM code.
func TestObservationListUnitsAsPeopleWriteThem(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	mustRun(t, env, "observation", "add", "--patient", id, "--date", "2026-05-02", "--loinc", "8480-6", "--value", "128", "--unit", "mm[Hg]")
	if out := mustRun(t, env, "observation", "list", "--patient", id); !strings.Contains(out, "mmHg") || strings.Contains(out, "mm[Hg]") {
		t.Errorf("list does not write mmHg:\n%s", out)
	}
	if js := mustRun(t, env, "observation", "list", "--patient", id, "--json"); !strings.Contains(js, `"mm[Hg]"`) {
		t.Errorf("--json changed the stored unit:\n%s", js)
	}
}
