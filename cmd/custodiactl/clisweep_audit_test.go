package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"custodia/app"
	"custodia/i18n"
)

// TestAuditListObjectsInWords: "audit list" in German names each entry's
// object as the desktop's audit screen does (app.AuditObject), a patient
// by its kind's label and its whole id as a reference (what "patient
// show" takes), never as the stored "patient:<id>"; --json keeps the
// stored object.
func TestAuditListObjectsInWords(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	mustRun(t, env, "patient", "show", id)
	out := mustRun(t, env, "--lang", "de", "audit", "list", "--limit", "1000")
	for _, raw := range []string{"patient:", "user:", "vault:", "practice "} {
		if strings.Contains(out, raw) {
			t.Errorf("German audit list shows the raw object %q:\n%s", raw, out)
		}
	}
	de := i18n.MustLoad().Localizer("de")
	want := app.AuditObject(de, "patient:"+id, nil, app.AuditFullRef)
	if !strings.Contains(out, want) {
		t.Errorf("German audit list lacks %q:\n%s", want, out)
	}
	var entries []struct {
		Seq    int64  `json:"seq"`
		Object string `json:"object"`
	}
	js := mustRun(t, env, "audit", "list", "--json", "--limit", "1000")
	if err := json.Unmarshal([]byte(js), &entries); err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if seq, _, ok := strings.Cut(line, " "); ok {
			rows[seq] = line
		}
	}
	patients := 0
	for _, e := range entries {
		if e.Object == "patient:"+id {
			patients++
			if row := rows[fmt.Sprint(e.Seq)]; !strings.Contains(row, want) {
				t.Errorf("entry %d (%s): row %q lacks %q", e.Seq, e.Object, row, want)
			}
		}
	}
	if patients < 2 {
		t.Errorf("--json shows %d entries with the stored object patient:%s, want the add and the read", patients, id)
	}
}
