package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/vault/demo"
)

// TestExportCommandsOnDemoVault walks issue 7's contract on a demo vault:
// the DPO previews and runs the ready study (--json fields), the history
// records it, the researcher opens the package with their own account and
// finds no demo identity in it, the DPO re-identifies one pseudonym
// (audited; the administrator may not), and after destroy-key neither
// re-identification nor a pseudonymised rerun works.
func TestExportCommandsOnDemoVault(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo vault")
	}
	const n = 120
	env := testEnv(t)
	mustRun(t, env, "demo", "--patients", "120")
	dpo := with(env, envUser, "dpo", envPassphrase, "dpo-passphrase-not-secret")
	researcher := with(env, envUser, "researcher", envPassphrase, "researcher-passphrase-not-secret")
	admin := with(env, envUser, demo.AdminName, envPassphrase, demo.AdminPassphrase)

	var preview map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dpo, "export", "preview", demo.StudyID, "--json")), &preview); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"included", "excluded", "rows", "classes", "suppressed", "k", "transformation", "risk"} {
		if _, ok := preview[k]; !ok {
			t.Fatalf("preview --json lacks %q", k)
		}
	}
	risk := preview["risk"].(map[string]any)
	if risk["before"] == nil || risk["after"] == nil {
		t.Fatal("preview --json lacks risk.before or risk.after")
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "registry.age")
	var run map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dpo, "export", "run", demo.StudyID, "--out", pkg, "--json")), &run); err != nil {
		t.Fatal(err)
	}
	if id, _ := run["export_id"].(string); !strings.HasPrefix(id, demo.StudyID+"-v1-") || run["included"] != preview["included"] {
		t.Fatalf("run --json: export_id %v, included %v (preview %v)", run["export_id"], run["included"], preview["included"])
	}
	if msg := mustFail(t, dpo, exitValidation, "export", "run", demo.StudyID, "--out", pkg); !strings.Contains(msg, "--out") {
		t.Fatalf("overwriting a package: %s", msg)
	}
	var hist []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, researcher, "export", "history", "--json")), &hist); err != nil || len(hist) != 1 {
		t.Fatalf("researcher's history: %v %d", err, len(hist))
	}
	if out := mustRun(t, researcher, "export", "study", "list"); !strings.Contains(out, demo.StudyID) {
		t.Fatalf("researcher's studies:\n%s", out)
	}
	mustFail(t, researcher, exitPermission, "export", "preview", demo.StudyID)
	opened := filepath.Join(dir, "opened")
	if out := mustRun(t, researcher, "export", "open", pkg, "--dir", opened); !strings.Contains(out, "Re-check passed") {
		t.Fatalf("open:\n%s", out)
	}
	mustFail(t, dpo, exitIntegrity, "export", "open", pkg, "--dir", filepath.Join(dir, "dpo"))
	pseudonym := scanPackage(t, opened, n)

	mustFail(t, admin, exitPermission, "export", "reidentify", demo.StudyID, "--pseudonym", pseudonym, "--reason", "curious")
	if out := mustRun(t, dpo, "export", "reidentify", demo.StudyID, "--pseudonym", pseudonym, "--reason", "safety finding"); !strings.Contains(out, "DEMO-") {
		t.Fatalf("reidentify:\n%s", out)
	}
	mustFail(t, dpo, exitUsage, "export", "study", "destroy-key", demo.StudyID)
	mustRun(t, dpo, "export", "study", "destroy-key", demo.StudyID, "--reason", "study closed")
	mustFail(t, dpo, exitValidation, "export", "reidentify", demo.StudyID, "--pseudonym", pseudonym, "--reason", "again")
	mustFail(t, dpo, exitValidation, "export", "run", demo.StudyID, "--out", filepath.Join(dir, "again.age"))
	if _, err := os.Stat(filepath.Join(dir, "again.age")); err == nil {
		t.Fatal("a refused run left a file")
	}
	if out := mustRun(t, dpo, "export", "study", "show", demo.StudyID); !strings.Contains(out, "destroyed") {
		t.Fatalf("show after destroy-key:\n%s", out)
	}
}

// scanPackage checks that no file of an opened demo package holds a demo
// patient's name, phone, e-mail, MRN or insurance number, and returns one
// pseudonym of its data file.
func scanPackage(t *testing.T, dir string, n int) string {
	t.Helper()
	var files [][]byte
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files = append(files, b)
		return err
	})
	if err != nil || len(files) < 5 {
		t.Fatalf("opened package: %v, %d files", err, len(files))
	}
	for i, r := range demo.Records(n, demo.Seed, time.Now()) {
		p := r.Patient
		for _, secret := range []string{p.GivenName + " " + p.FamilyName, p.FamilyName, p.Phone, p.Email, p.MRN, p.InsuranceNumber} {
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
	data, err := os.ReadFile(filepath.Join(dir, "data.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "pseudonym" {
		t.Fatalf("data.csv: %v", err)
	}
	return rows[1][0]
}

// TestExportStudyAddErrors: a bad definition is refused with every field
// named by its JSON path; the study commands speak German under LANG=de.
func TestExportStudyAddErrors(t *testing.T) {
	env := testEnv(t)
	mustRun(t, env, "demo", "--patients", "0")
	dpo := with(env, envUser, "dpo", envPassphrase, "dpo-passphrase-not-secret")
	msg := mustFail(t, dpo, exitValidation, "export", "study", "add", "--name", "Bad", "--purpose", "research:registry",
		"--recipient-org", "Uni", "--columns", "age:qi,zip:qi", "--k", "1")
	for _, want := range []string{"columns[1].name", "privacy.k", "recipient"} { // zip, typed second
		if !strings.Contains(msg, want) {
			t.Errorf("error does not name %s: %s", want, msg)
		}
	}
	de := with(dpo, "LANG", "de_DE.UTF-8")
	if msg := mustFail(t, de, exitNotFound, "export", "study", "show", "nope"); !strings.Contains(msg, "Keine Studie nope") {
		t.Fatalf("German message: %s", msg)
	}
	out := mustRun(t, dpo, "export", "study", "add", "--name", "Age bands", "--purpose", "research:registry", "--recipient-org", "Uni",
		"--recipient-user", "researcher", "--columns", "age:qi,sex:qi", "--k", "2")
	if !strings.Contains(out, "age-bands") || !strings.Contains(out, "version 1") {
		t.Fatalf("study add: %s", out)
	}
	if out := mustRun(t, dpo, "export", "study", "add", "--name", "Age bands", "--purpose", "research:registry", "--recipient-org", "Uni",
		"--recipient-user", "researcher", "--columns", "age:qi,sex:qi", "--k", "3"); !strings.Contains(out, "version 2") {
		t.Fatalf("changed study: %s", out)
	}
}
