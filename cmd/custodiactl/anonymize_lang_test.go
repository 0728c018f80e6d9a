package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
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
			" eingelesen, ", "Grenze 10,00 %)", "Risiko nachher:", "Prosecutor-Risiko höchstens", "Ausgabe:", out + " ("} {
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

// englishMarkers are words of the engine's and the command's English
// messages; none may reach a German reader.
var englishMarkers = []string{"invalid", " want ", "listed", "generalises", "fields", "column ", "record ", " need",
	"must", "not found", "satisf", "lower ", "missing", "empty", "unknown", "not an ", "personal data", "hierarchy "}

// flagName matches the flags a message names (codes to type, not words).
var flagName = regexp.MustCompile(`--[a-z0-9-]+`)

// Every family of anonymize's mistakes is told in German under LANG=de:
// what is wrong and where (file, line, column, record), with the exit
// code of its kind.
func TestAnonymizeErrorsInGerman(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	in := write("in.csv", "id;age;sex;visit\np1;30;F;2024-01-02\np2;40;M;soon\np3;50;F;2024-03-04\np4;60;M;2024-04-05\n")
	hier := func(name, body string) string { write(name+"/sex.csv", body); return filepath.Join(dir, name) }
	short := write("short.key", "short")
	key := write("good.key", strings.Repeat("k", 40))
	out := filepath.Join(dir, "out.csv")
	base := []string{"anonymize", "--input", in, "--output", out, "--quiet", "--remove", "id"}
	for _, c := range []struct {
		name string
		code int
		args []string
		want []string
	}{
		{"hierarchy duplicate", exitValidation, []string{"--qi", "sex", "--hierarchies", hier("h1", "F;*\nM;*\nF;*\n")}, []string{"Hierarchie ", "sex.csv, Zeile 3", "schon in Zeile 1"}},
		{"hierarchy conflict", exitValidation, []string{"--qi", "sex", "--hierarchies", hier("h2", "F;x;*\nM;x;+\n")}, []string{"sex.csv, Zeile 2", "Stufe 1", "als in Zeile 1"}},
		{"hierarchy empty", exitValidation, []string{"--qi", "sex", "--hierarchies", hier("h3", "")}, []string{"sex.csv hat keine Zeilen"}},
		{"hierarchy quote", exitValidation, []string{"--qi", "sex", "--hierarchies", hier("h4", "F;*\n\"M;*\n")}, []string{"sex.csv, Zeile 2", "Anführungszeichen"}},
		{"hierarchy lacks a value", exitValidation, []string{"--qi", "sex", "--hierarchies", hier("h5", "F;*\n")}, []string{"Hierarchie sex.csv der Spalte „sex“ fehlt der Wert von Datensatz 2"}},
		{"ragged input", exitValidation, []string{"--input", write("rag.csv", "a;b\n1;2\n3\n"), "--qi", "a", "--remove", ""}, []string{"rag.csv, Zeile 3: Anzahl der Felder 1, erwartet 2"}},
		{"header twice", exitValidation, []string{"--input", write("twice.csv", "a;b;a\n1;2;3\n"), "--qi", "b", "--remove", ""}, []string{"Spalte 3 der Kopfzeile", "„a“"}},
		{"short key", exitValidation, []string{"--qi", "sex", "--pseudonymize", "id", "--key-file", short, "--unencrypted"}, []string{"Schlüsseldatei " + short + " enthält 5 Bytes", "mindestens 32"}},
		{"not a date", exitValidation, []string{"--qi", "sex", "--shift-dates", "visit", "--record-column", "id", "--key-file", key, "--unencrypted"}, []string{"Datensatz 2 nach der Kopfzeile, Spalte „visit“", "kein Datum"}},
		{"no record column", exitValidation, []string{"--qi", "sex", "--shift-dates", "visit", "--key-file", key, "--unencrypted"}, []string{"--record-column angeben"}},
		{"identifiers column", exitUsage, []string{"--qi", "sex", "--identifiers", "nope=name"}, []string{"keine Spalte „nope“"}},
		{"identifiers kind", exitUsage, []string{"--qi", "sex", "--identifiers", "visit=bogus"}, []string{"„bogus“ ist keine Art von Identifikator"}},
		{"no model", exitUsage, []string{"--qi", "sex", "--k", "1"}, []string{"kein Datenschutzmodell"}},
		{"k below 1", exitUsage, []string{"--qi", "sex", "--k", "0"}, []string{"--k muss mindestens 1 sein"}},
		{"algorithm", exitUsage, []string{"--qi", "sex", "--algorithm", "fast"}, []string{"„fast“: erlaubt ist eines von optimal, mondrian oder none"}},
		{"metric", exitUsage, []string{"--qi", "sex", "--metric", "fast"}, []string{"erlaubt ist eines von dm, aecs, precision, entropy, intensity oder loss"}},
		{"no solution", exitValidation, []string{"--qi", "sex", "--k", "2", "--sensitive", "age", "--l", "9"}, []string{"keine Transformation erfüllt", "höchstens 0,00 %", "distinkte 9-Diversität von age", "l senken"}},
		{"mondrian model fails", exitValidation, []string{"--qi", "sex", "--k", "9", "--algorithm", "mondrian"}, []string{"die gesamte Tabelle erfüllt 9-Anonymität nicht"}},
		{"recipient", exitUsage, []string{"--qi", "sex", "--recipient", "age1nope"}, []string{"kein öffentlicher age-Schlüssel"}},
		{"recipients file", exitValidation, []string{"--qi", "sex", "--recipients-file", in}, []string{"Empfängerdatei " + in}},
		{"unencrypted", exitUsage, []string{"--qi", "sex", "--pseudonymize", "id", "--key-file", key}, []string{"personenbezogen", "--unencrypted"}},
		{"key file missing", exitNotFound, []string{"--qi", "sex", "--pseudonymize", "id", "--key-file", key + ".weg", "--unencrypted"}, []string{"Schlüsseldatei " + key + ".weg nicht gefunden"}},
	} {
		_, msg, code := runCLI(t, map[string]string{"LANG": "de_DE.UTF-8"}, "", append(append([]string{}, base...), c.args...)...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d: %s", c.name, code, c.code, msg)
		}
		if !strings.HasPrefix(msg, "custodiactl: anonymize: ") {
			t.Errorf("%s: %q", c.name, msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q lacks %q", c.name, msg, w)
			}
		}
		words := flagName.ReplaceAllString(strings.ReplaceAll(strings.TrimPrefix(msg, "custodiactl: anonymize: "), dir, ""), "")
		for _, e := range englishMarkers {
			if strings.Contains(words, e) {
				t.Errorf("%s: %q holds English %q", c.name, msg, e)
			}
		}
	}
}

// The hierarchy builders' mistakes are told in German too.
func TestHierarchyBuildErrorsInGerman(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("zip;grade\n10001;x\n10002;y\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "h.csv")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"interval", "--column", "zip", "--width", "0"}, "Intervallbreite muss über 0 liegen"},
		{[]string{"interval", "--column", "grade", "--width", "5"}, "Wert, der keine Zahl ist"},
		{[]string{"date", "--column", "zip"}, "kein Datum im Format"},
		{[]string{"group", "--column", "zip", "--fanout", "1"}, "je Stufe mindestens 2"},
	} {
		msg := mustFail(t, map[string]string{"LANG": "de_DE.UTF-8"}, exitValidation, append(append([]string{"hierarchy"}, c.args...), "--input", in, "--out", out)...)
		if !strings.Contains(msg, c.want) || strings.Contains(msg, "invalid") || strings.Contains(msg, "must") || strings.Contains(msg, "not a") {
			t.Errorf("%v: %q, want %q", c.args, msg, c.want)
		}
	}
}
