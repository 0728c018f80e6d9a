package app

import (
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault/fhirimport"
)

// Every rule a FHIR patient bundle can break is worded in English and in
// German (TestFieldRuleLabels' sibling for vault/fhirimport).
func TestFHIRImportRuleLabels(t *testing.T) {
	ids := map[string]string{}
	for _, r := range fhirimport.Rules() {
		ids[string(r)] = i18n.FieldRuleID(string(r))
	}
	if len(ids) < 20 {
		t.Fatalf("only %d fhirimport rules", len(ids))
	}
	wordedInBoth(t, "FHIR import rule", ids)
}

// Each problem reads at its JSON path, after a label where people know
// the field, with the values its rule names filled in and nothing of the
// English message left.
func TestFHIRProblemsWordPathAndRule(t *testing.T) {
	loc := i18n.MustLoad().Localizer("de")
	ps, err := parseProblems(`{"resourceType":"Bundle","type":"collection","entry":[
		{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","name":[{"family":"Qorvexson","given":["Zyxa"]}],"birthDate":"1970"}},
		{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Encounter","subject":{"reference":"urn:uuid:x"},"period":{"start":"2024-01-02"}}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	got := FHIRProblems(loc, ps)
	want := []string{
		"entry[1].fullUrl: wird auch von entry[0] verwendet",
		"Geburtsdatum (entry[0].resource.birthDate): muss ein Datum in der Form JJJJ-MM-TT sein",
		"entry[1].resource.subject.reference: verweist auf keinen Eintrag des Bundles",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i].String(), w) {
			t.Errorf("problem %d: %q, want it to start %q", i, got[i], w)
		}
		if got[i].Problem == ps[i].Message || strings.Contains(got[i].String(), "<no value>") {
			t.Errorf("problem %d not worded: %q", i, got[i])
		}
	}
}

func parseProblems(bundle string) ([]fhirimport.Problem, error) {
	_, err := fhirimport.Parse(strings.NewReader(bundle), fhirimport.Options{})
	fe, ok := err.(*fhirimport.Error)
	if !ok {
		return nil, err
	}
	return fe.Problems, nil
}

// A bundle's own elements ($.type, $.entry) read as their JSON paths: the
// generic labels of a request's type or of a list entry do not fit them.
func TestFHIRProblemsBundleElementsKeepTheirPaths(t *testing.T) {
	for _, lang := range []string{"de", "en"} {
		loc := i18n.MustLoad().Localizer(lang)
		for _, bundle := range []string{
			`{"resourceType":"Bundle","type":"history","entry":[]}`,
			`{"resourceType":"Bundle","type":"collection","entry":[]}`,
			`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Organization"}}]}`,
		} {
			ps, err := parseProblems(bundle)
			if err != nil || len(ps) != 1 {
				t.Fatalf("%s: %v %v", bundle, ps, err)
			}
			got := FHIRProblems(loc, ps)[0]
			if got.Label != ps[0].Path || strings.Contains(got.String(), "<no value>") || got.Problem == ps[0].Message {
				t.Errorf("%s %s: %q", lang, ps[0].Path, got)
			}
		}
	}
}
