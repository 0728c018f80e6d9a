package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"custodia/i18n"
)

// TestFHIRImportProblemsInGerman: a FHIR consent file that cannot be
// imported is refused in German with each problem at its JSON path,
// worded from its rule code (the catalogue's German), never with the
// domain's English text; English runs read the English catalogue. The
// exit code stays 6 and nothing is stored.
func TestFHIRImportProblemsInGerman(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	good := filepath.Join(t.TempDir(), "good.json")
	mustRun(t, env, "consent", "export-fhir", "--patient", id, "--out", good)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	body := string(data)
	cat := i18n.MustLoad()
	for _, tc := range []struct {
		name, body string
		path, rule string // the JSON path and the rule code named
		allowed    string
	}{
		{"draft", strings.Replace(body, `"status": "active"`, `"status": "draft"`, 1), "entry[0].resource.status", "one-of", "active, inactive, rejected"},
		{"unknown method", strings.Replace(body, `"valueCode": "paper"`, `"valueCode": "pigeon"`, 1), "entry[0].resource.extension[2].valueCode", "fhir-unknown-code", ""},
		{"not a Consent", strings.Replace(body, `"resourceType": "Consent"`, `"resourceType": "Contract"`, 1), "entry[0].resource.resourceType", "one-of", "Consent"},
		{"wrong JSON type", strings.Replace(body, `"dateTime": "`, `"dateTime": 17, "x": "`, 1), "entry[0].resource.dateTime", "json-type", "string"},
		{"no scope", strings.Replace(body, `"scope"`, `"scopeX"`, 1), "entry[0].resource.scope", "required", ""},
		{"already stored", body, "events[0].id", "id-in-ledger", ""},
	} {
		file := writeFile(t, tc.body)
		for _, lang := range []string{"de", "en"} {
			loc := cat.Localizer(lang)
			msg := mustFail(t, env, exitValidation, "--lang", lang, "consent", "import-fhir", file)
			want := loc.FieldRule(tc.rule, "", tc.allowed)
			if !strings.Contains(msg, loc.T("cli4.fhir.notImported", "File", file, "Problem", "")) ||
				!strings.Contains(msg, tc.path) || !strings.Contains(msg, want) {
				t.Errorf("%s (%s): %s\nwant the path %s and %q", tc.name, lang, msg, tc.path, want)
			}
			if lang != "de" {
				continue
			}
			for _, english := range []string{"unknown", "must be", "consents are not imported", "already in the ledger", "expected",
				"not imported", "field", enText(i18n.FieldRuleID(tc.rule), "Allowed", tc.allowed)} {
				if strings.Contains(msg, english) {
					t.Errorf("%s: German message holds %q: %s", tc.name, english, msg)
				}
			}
		}
	}
	mapping := writeFile(t, `{"purposes": [], "colour": "blue"}`)
	msg := mustFail(t, env, exitValidation, "--lang", "de", "consent", "import-fhir", writeFile(t, body), "--mapping", mapping)
	de := cat.Localizer("de")
	if !strings.Contains(msg, "--mapping") || !strings.Contains(msg, "$.colour") || !strings.Contains(msg, de.T(i18n.FieldRuleID("json-unknown-field"))) ||
		strings.Contains(msg, "unknown field") {
		t.Errorf("mapping with an unknown field: %s", msg)
	}
}

// TestForeignDryRunInGerman: the dry run of a foreign Consent says how
// each element was read in German (worded by app.MappingText), not in the
// importer's English: the purpose by its label, the FHIR codes with
// their meaning.
func TestForeignDryRunInGerman(t *testing.T) {
	out := foreignDryRunInGerman(t)
	de := i18n.MustLoad().Localizer("de")
	for _, want := range []string{"Zweck " + de.Label("purpose", "recall", "") + " (beim Import angegeben)",
		"Status aktiv (active), Regelung erlauben (permit) → Einwilligung erteilt", de.T("fhirmap.line.note-verification"),
		"Patient/in Durand, Élise"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"given by the importer", "→ grant", "kept in the source system", "Zweck recall", "status active"} {
		if strings.Contains(out, english) {
			t.Errorf("German dry run holds %q:\n%s", english, out)
		}
	}
}

// TestJSONFileProblemsInGerman: a practice file with an unknown field or
// a value of the wrong type is refused naming the field, worded in the
// run's language, not with the JSON decoder's English.
func TestJSONFileProblemsInGerman(t *testing.T) {
	env := initVault(t)
	de := i18n.MustLoad().Localizer("de")
	for _, tc := range []struct {
		body, field, rule, allowed string
	}{
		{`{"name": "Synthetic Practice", "colour": "blue"}`, "$.colour", "json-unknown-field", ""},
		{`{"name": 5}`, "$.name", "json-type", "string"},
		{`{"name": "x"`, "$", "json-truncated", ""},
	} {
		file := writeFile(t, tc.body)
		msg := mustFail(t, env, exitValidation, "--lang", "de", "practice", "set", "--from", file)
		want := de.FieldRule(tc.rule, "", tc.allowed)
		if !strings.Contains(msg, tc.field) || !strings.Contains(msg, want) {
			t.Errorf("%s: %s\nwant %s and %q", tc.body, msg, tc.field, want)
		}
		for _, english := range []string{"unknown field", "cannot unmarshal", "unexpected end", "json:"} {
			if strings.Contains(msg, english) {
				t.Errorf("%s: German message holds %q: %s", tc.body, english, msg)
			}
		}
	}
}

// foreignDryRunInGerman is the German dry run of a foreign Consent (a
// LOINC privacy consent of a patient of the test vault, imported for the
// recall purpose).
func foreignDryRunInGerman(t *testing.T) string {
	t.Helper()
	env, id := gdprVault(t)
	foreign := `{"resourceType":"Consent","status":"active",` +
		`"scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},` +
		`"category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],` +
		`"patient":{"reference":"Patient/` + id + `"},"dateTime":"2026-01-02",` +
		`"verification":[{"verified":true}],"provision":{"type":"permit"}}`
	out := mustRun(t, env, "--lang", "de", "consent", "import-fhir", "--dry-run", "--purpose", "recall", writeFile(t, foreign))
	return out
}
