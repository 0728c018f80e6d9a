package main

import (
	"archive/tar"
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"custodia/i18n"
	"custodia/research"
)

// germanDPO is a demo vault without patients and the DPO's German run.
func germanDPO(t *testing.T) map[string]string {
	t.Helper()
	env := testEnv(t)
	mustRun(t, env, "demo", "--patients", "0")
	return with(env, envUser, "dpo", envPassphrase, "dpo-passphrase-not-secret", envLang, "de")
}

// noEnglish fails when msg holds one of the English texts.
func noEnglish(t *testing.T, what, msg string, english ...string) {
	t.Helper()
	for _, e := range english {
		if strings.Contains(msg, e) {
			t.Errorf("%s shows the English %q:\n%s", what, e, msg)
		}
	}
}

// TestStudyAddProblemsInGerman: the study problems that had no rule code
// (no recipient, cohort days out of order or not a date, k out of
// range) are said in German by the field's label with its JSON path,
// never by the study's English message.
func TestStudyAddProblemsInGerman(t *testing.T) {
	dpo := germanDPO(t)
	de := i18n.MustLoad().Localizer("de")
	msg := mustFail(t, dpo, exitValidation, "export", "study", "add", "--name", "Bad", "--purpose", "research:registry",
		"--columns", "age:qi,sex:qi", "--from", "2026-05-01", "--to", "2026-01-01", "--k", "1")
	for _, want := range []string{"Kontakte bis (cohort.to): " + de.T("research3.rule.before-from", "Other", "Kontakte ab"),
		"(recipient): " + de.T("research3.rule.recipient-none"), "k (privacy.k): muss zwischen 2 und 1.000 liegen"} {
		if !strings.Contains(msg, want) {
			t.Errorf("German study problems lack %q:\n%s", want, msg)
		}
	}
	noEnglish(t, "study add", msg, "before cohort.from", "required", "must be", "is required")
	msg = mustFail(t, dpo, exitValidation, "export", "study", "add", "--name", "Bad", "--purpose", "research:registry",
		"--recipient-org", "Uni", "--recipient-user", "researcher", "--columns", "age:qi", "--from", "2026-13-01", "--level", "visit")
	for _, want := range []string{"(cohort.from): " + de.T("research3.rule.date"), "Eine Zeile je Kontakt (encounter)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("German study problems lack %q:\n%s", want, msg)
		}
	}
	noEnglish(t, "study add", msg, "must be a date", "must be \"patient\"")
}

// sealedTar is an age package to id holding the named files.
func sealedTar(t *testing.T, id *age.X25519Identity, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(w)
	for _, name := range []string{research.FileManifest, research.FileData} {
		if body, ok := files[name]; ok {
			_ = tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(body)), Typeflag: tar.TypeReg})
			_, _ = tw.Write([]byte(body))
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, buf.String())
}

// TestExportOpenDamagedInGerman: a package whose file does not match
// its manifest, one for another key, and a file that is no package are
// refused in German, naming the file concerned, with the integrity exit
// code; never the English detail.
func TestExportOpenDamagedInGerman(t *testing.T) {
	env := with(testEnv(t), envLang, "de")
	id, _ := age.GenerateX25519Identity()
	idFile := writeFile(t, id.String()+"\n")
	changed := sealedTar(t, id, map[string]string{
		research.FileManifest: `{"format":"` + research.FormatVersion + `","files":[{"name":"data.csv","sha256":"00","bytes":3}]}`,
		research.FileData:     "a\n1",
	})
	de := i18n.MustLoad().Localizer("de")
	msg := mustFail(t, env, exitIntegrity, "export", "open", changed, "--dir", filepath.Join(t.TempDir(), "a"), "--identity", idFile)
	if want := de.T("research3.package.changed", "File", research.FileData); !strings.Contains(msg, want) {
		t.Errorf("changed file: %s\nwant %q", msg, want)
	}
	other, _ := age.GenerateX25519Identity()
	msg = mustFail(t, env, exitIntegrity, "export", "open", changed, "--dir", filepath.Join(t.TempDir(), "b"), "--identity", writeFile(t, other.String()+"\n"))
	if want := de.T("research3.package.wrong-key"); !strings.Contains(msg, want) {
		t.Errorf("another key: %s\nwant %q", msg, want)
	}
	msg = mustFail(t, env, exitIntegrity, "export", "open", writeFile(t, "id,age\n1,40\n"), "--dir", filepath.Join(t.TempDir(), "c"), "--identity", idFile)
	if want := de.T("research3.package.not-package"); !strings.Contains(msg, want) {
		t.Errorf("no package: %s\nwant %q", msg, want)
	}
	noEnglish(t, "export open", msg, "decrypt", "damaged or foreign", "does not match", "no identity matched")
}

// TestDryRunBadJSONAndMissingFilesInGerman: a FHIR file that is not
// JSON is refused naming the line and column in German; export open of a
// package or identity file that is not there names the file.
func TestDryRunBadJSONAndMissingFilesInGerman(t *testing.T) {
	env, _ := gdprVault(t)
	de := with(env, envLang, "de")
	msg := mustFail(t, de, exitValidation, "consent", "import-fhir", "--dry-run", writeFile(t, "{\"resourceType\":\"Consent\",\n"))
	if !strings.Contains(msg, "Zeile 2, Spalte 1: ") {
		t.Errorf("bad JSON: %s", msg)
	}
	noEnglish(t, "import-fhir", msg, "line 2", "column")
	missing := filepath.Join(t.TempDir(), "missing.age")
	msg = mustFail(t, de, exitNotFound, "export", "open", missing, "--dir", filepath.Join(t.TempDir(), "o"), "--identity", missing+".key")
	if !strings.Contains(msg, "missing.age.key") {
		t.Errorf("missing identity file: %s", msg)
	}
	msg = mustFail(t, de, exitNotFound, "export", "open", missing, "--dir", filepath.Join(t.TempDir(), "p"))
	if !strings.Contains(msg, "missing.age") {
		t.Errorf("missing package: %s", msg)
	}
}
