package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"custodia/vault/fhirimport"
)

// fhirBadBundles are synthetic bundles custodiactl refuses, with what the
// German and English runs must say of them (the JSON path or place, and
// the worded rule).
var fhirBadBundles = []struct {
	name, bundle string
	want         map[string][]string // language → texts
}{
	{"not a bundle", strings.Replace(fhirBundle, `"resourceType":"Bundle"`, `"resourceType":"Patient"`, 1), map[string][]string{
		"de": {"$.resourceType", "muss „Bundle“ sein: die Datei ist kein FHIR-Bundle", "nichts wurde importiert"},
		"en": {"$.resourceType", "must be “Bundle”: the file is not a FHIR Bundle", "nothing was imported"},
	}},
	{"partial birth date and bad gender", strings.NewReplacer(`"1970-02-03"`, `"1970"`, `"gender":"male"`, `"gender":"mann"`).Replace(fhirBundle), map[string][]string{
		"de": {"2 Probleme", "Geburtsdatum (entry[0].resource.birthDate): muss ein Datum in der Form JJJJ-MM-TT sein",
			"Geschlecht (entry[0].resource.gender): muss einer dieser Werte sein: female, male, other, unknown"},
		"en": {"2 problems", "Birth date (entry[0].resource.birthDate): must be a date written YYYY-MM-DD",
			"Sex (entry[0].resource.gender): must be one of female, male, other, unknown"},
	}},
	{"not JSON", "{\n \"resourceType\": }", map[string][]string{
		"de": {"Zeile 2, Spalte", "ist kein gültiges JSON"},
		"en": {"line 2, column", "is not valid JSON"},
	}},
	{"wrong JSON type", strings.Replace(fhirBundle, `"birthDate":"1970-02-03"`, `"birthDate":1970`, 1), map[string][]string{
		"de": {"entry[0].resource.birthDate", "muss ein Text in Anführungszeichen sein"},
		"en": {"entry[0].resource.birthDate", "must be a text in quotes"},
	}},
}

// A refused FHIR bundle reads in the run's language: each problem by its
// JSON path (a label before it where people know the field) and its rule
// worded, never the importer's English message, never a name from the file.
func TestPatientImportFHIRProblemsInTheRunsLanguage(t *testing.T) {
	env := testEnv(t)
	for _, c := range fhirBadBundles {
		file := writeFile(t, c.bundle)
		messages := englishMessages(t, c.bundle)
		for _, lang := range []string{"de", "en"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				errOut := mustFail(t, env, exitValidation, "--lang", lang, "patient", "import-fhir", "--dry-run", file)
				for _, w := range c.want[lang] {
					if !strings.Contains(errOut, w) {
						t.Errorf("missing %q:\n%s", w, errOut)
					}
				}
				if strings.Contains(errOut, "Qorvexson") || strings.Contains(errOut, "Zyxa") || strings.Contains(errOut, "fhirimport") {
					t.Errorf("a name or the importer's own text:\n%s", errOut)
				}
				if lang != "de" {
					return
				}
				for _, m := range messages {
					if strings.Contains(errOut, m) {
						t.Errorf("English message %q in a German run:\n%s", m, errOut)
					}
				}
			})
		}
	}
}

// englishMessages are the importer's English messages for a bundle.
func englishMessages(t *testing.T, bundle string) []string {
	t.Helper()
	_, err := fhirimport.Parse(strings.NewReader(bundle), fhirimport.Options{})
	fe, ok := err.(*fhirimport.Error)
	if !ok || len(fe.Problems) == 0 {
		t.Fatalf("the bundle parses: %v", err)
	}
	var out []string
	for _, p := range fe.Problems {
		out = append(out, p.Message)
	}
	return out
}

// What a bundle imports without refuses item by item (an observation
// without LOINC code) reads in the run's language too, and the JSON
// output names each refusal's rule code.
func TestPatientImportFHIRRefusalsInTheRunsLanguage(t *testing.T) {
	env := testEnv(t)
	file := writeFile(t, strings.Replace(fhirBundle, `"system":"http://loinc.org"`, `"system":"http://example.org/local"`, 1))
	want := map[string]string{
		"de": "  entry[3].resource.code: hat keinen LOINC-Code\n",
		"en": "  entry[3].resource.code: has no LOINC code\n",
	}
	for lang, line := range want {
		out := mustRun(t, env, "--lang", lang, "patient", "import-fhir", "--dry-run", file)
		if !strings.Contains(out, line) {
			t.Errorf("%s: want %q in\n%s", lang, line, out)
		}
		if lang == "de" && strings.Contains(out, "has no LOINC coding") {
			t.Errorf("English refusal in a German run:\n%s", out)
		}
	}
	var sum fhirSummaryJSON
	out := mustRun(t, env, "patient", "import-fhir", "--dry-run", "--json", file)
	if err := json.NewDecoder(bytes.NewReader([]byte(out))).Decode(&sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Refused) != 1 || sum.Refused[0].Rule != fhirimport.RuleNoLOINC || sum.Refused[0].Path != "entry[3].resource.code" {
		t.Errorf("refused: %+v", sum.Refused)
	}
	if !strings.Contains(out, `"rule": "fhir-no-loinc"`) {
		t.Errorf("JSON without the rule code:\n%s", out)
	}
}
