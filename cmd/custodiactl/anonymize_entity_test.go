package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"custodia/deid/verify"
)

// TestAnonymizeEntity: with --entity, k counts patients. Each age holds
// three records but only two patients, so 3-anonymity needs the ages
// generalised; the written file passes the independent patient-level
// re-check.
func TestAnonymizeEntity(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	data := "patient,age,diag\np1,31,a\np1,31,b\np2,31,a\np3,42,a\np3,42,b\np4,42,c\n"
	if err := os.WriteFile(in, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	_, errOut, code := runCLI(t, nil, "", "anonymize", "--input", in, "--qi", "age", "--entity", "patient",
		"--k", "3", "--output", out, "--report", filepath.Join(dir, "r.json"), "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rep, err := verify.VerifyFile(out, verify.Spec{QuasiIdentifiers: []string{"age"}, Entity: "patient", K: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Rows != 6 {
		t.Fatalf("re-check: %+v", rep)
	}
	report, err := os.ReadFile(filepath.Join(dir, "r.json"))
	if err != nil || !strings.Contains(string(report), `"entity": "patient"`) {
		t.Fatalf("report does not name the patient column: %v", err)
	}
}
