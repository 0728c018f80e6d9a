package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportClinicalInterrupted: Ctrl-C during the check ends the import
// with exit code 130 and the clinical message, nothing is stored; a dry
// run counts and stores nothing; in German every problem of a bad file is
// worded as the desktop words it.
func TestImportClinicalInterrupted(t *testing.T) {
	env := initVault(t)
	addPatient(t, env)
	dir := t.TempDir()
	enc := filepath.Join(dir, "kontakte.csv")
	if err := os.WriteFile(enc, []byte("mrn,date,kind,diagnoses\nDEMO-T1,2024-01-02,Hausbesuch,J06.9\nDEMO-T1,2024-01-03,,I10\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hooks := hooksOf(t, env)
	hooks.interrupt = func() (context.Context, func()) {
		c := &countdownContext{Context: context.Background(), done: make(chan struct{})}
		c.left.Store(1) // the first line is checked, then Ctrl-C
		return c, func() {}
	}
	var out, errOut bytes.Buffer
	code := runWith([]string{"patient", "import-clinical", "--encounters", enc}, strings.NewReader(""), &out, &errOut,
		func(k string) string { return env[k] }, hooks)
	if code != exitCancelled || !strings.Contains(errOut.String(), "nothing of the files was stored") {
		t.Fatalf("exit %d, stderr %q; want %d and the cancelled message", code, errOut.String(), exitCancelled)
	}
	if list := mustRun(t, env, "encounter", "list", "--mrn", "DEMO-T1"); strings.Contains(list, "J06.9") {
		t.Fatalf("an interrupted import stored encounters: %s", list)
	}
	if out := mustRun(t, env, "patient", "import-clinical", "--dry-run", "--encounters", enc); !strings.Contains(out, "Checked: 2 encounters and 0 observations of 1 patient can be imported; nothing was stored.") {
		t.Errorf("dry run: %q", out)
	}
	if list := mustRun(t, env, "encounter", "list", "--mrn", "DEMO-T1"); strings.Contains(list, "J06.9") {
		t.Fatalf("a dry run stored encounters: %s", list)
	}
	if err := os.WriteFile(enc, []byte("mrn,date,kind,diagnoses\nDEMO-T9,2024-13-02,OP,J06.9\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env["CUSTODIA_LANG"] = "de"
	errDE := mustFail(t, env, exitValidation, "patient", "import-clinical", "--encounters", enc)
	for _, want := range []string{"3 Probleme", "kontakte.csv, Zeile 2, Spalte „Aktennummer“ (mrn): nennt keine Patientenakte im Tresor",
		"kontakte.csv, Zeile 2, Spalte „Datum“ (date): ist kein gültiges Datum", "kontakte.csv, Zeile 2, Spalte „Art des Kontakts“ (kind): muss Praxisbesuch"} {
		if !strings.Contains(errDE, want) {
			t.Errorf("German problems lack %q:\n%s", want, errDE)
		}
	}
}
