package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)


// anonymizeSynthetic runs anonymize on the synthetic table (k = 3, 10 %
// suppression) with the extra flags and returns stdout, stderr and the
// exit code.
func anonymizeSynthetic(t *testing.T, env map[string]string, out string, extra ...string) (string, string, int) {
	t.Helper()
	args := append([]string{"anonymize", "--input", filepath.Join(syntheticDir, "synthetic.csv"), "--hierarchies", syntheticDir,
		"--qi", "age,sex,zip", "--remove", "id", "--k", "3", "--suppression", "10%", "--output", out}, extra...)
	return runCLI(t, env, "", args...)
}

// The summary, the .txt and .html reports and the note on a missing
// hierarchy speak German under LANG=de, with numbers in German format;
// the JSON report stays the same machine format in both languages.
func TestAnonymizeReportInGerman(t *testing.T) {
	dir := t.TempDir()
	noZip := t.TempDir() // the hierarchies without zip's
	for _, n := range []string{"synthetic_hierarchy_age.csv", "synthetic_hierarchy_sex.csv"} {
		b, err := os.ReadFile(filepath.Join(syntheticDir, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(noZip, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	reports := map[string]map[string]any{}
	for _, lang := range []string{"de", "en"} {
		env := map[string]string{"LANG": map[string]string{"de": "de_DE.UTF-8", "en": "en_GB.UTF-8"}[lang]}
		out := filepath.Join(dir, lang+".csv")
		stdout, stderr, code := anonymizeSynthetic(t, env, out, "--report", filepath.Join(dir, lang+".json"))
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", lang, code, stderr)
		}
		reports[lang] = machineReport(t, filepath.Join(dir, lang+".json"))
		if lang == "en" {
			if !strings.HasPrefix(stdout, "De-identification report (optimal)\n") || !strings.Contains(stdout, "records:") {
				t.Errorf("English summary:\n%s", stdout)
			}
			continue
		}
		recs := int(reports[lang]["records"].(float64))
		for _, want := range []string{"Anonymisierungsbericht (optimal)\n", "Datenschutzmodelle:", "3-Anonymität", "Datensätze:",
			" eingelesen, ", "Grenze 10,00 %)", "Risiko nachher:", "Staatsanwalt höchstens", "Ausgabe:", out + " ("} {
			if !strings.Contains(stdout, want) {
				t.Errorf("German summary lacks %q:\n%s", want, stdout)
			}
		}
		if recs < 1000 && !strings.Contains(stdout, " "+strconv.Itoa(recs)+" eingelesen") {
			t.Errorf("German summary does not count %d records:\n%s", recs, stdout)
		}
		for _, english := range []string{"records:", "released", "risk before", "prosecutor", "output:", "De-identification"} {
			if strings.Contains(stdout, english) {
				t.Errorf("German summary holds %q:\n%s", english, stdout)
			}
		}
		for ext, want := range map[string]string{".txt": "Anonymisierungsbericht (optimal)\n", ".html": "<h2>Re-Identifikationsrisiko</h2>"} {
			p := filepath.Join(dir, "r"+ext)
			if _, e, code := anonymizeSynthetic(t, env, out, "--report", p, "--quiet"); code != exitOK {
				t.Fatalf("%s: exit %d: %s", ext, code, e)
			}
			if b, _ := os.ReadFile(p); !strings.Contains(string(b), want) || strings.Contains(string(b), "⟦") {
				t.Errorf("%s report is not in German:\n%.300s", ext, b)
			}
		}
		_, stderr, _ = runCLI(t, env, "", "anonymize", "--input", filepath.Join(syntheticDir, "synthetic.csv"), "--hierarchies", noZip,
			"--qi", "age,sex,zip", "--remove", "id", "--k", "2", "--suppression", "50%", "--output", out)
		if !strings.Contains(stderr, "custodiactl: Hinweis: keine Hierarchie für „zip“") || strings.Contains(stderr, "no hierarchy") {
			t.Errorf("missing hierarchy note: %q", stderr)
		}
	}
	if !reflect.DeepEqual(reports["de"], reports["en"]) {
		t.Errorf("the JSON report differs with the language:\nde %v\nen %v", reports["de"], reports["en"])
	}
}

// machineReport reads a JSON report without its run-dependent fields
// (creation time, timings, output file name).
func machineReport(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "created")
	delete(m, "timings_ms")
	delete(m["output"].(map[string]any), "file")
	return m
}
