package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault"
	"custodia/vault/patientcsv"
)

// badCSVFiles break every rule the CSV importer checks (synthetic people).
var badCSVFiles = []struct {
	data string
	opts patientcsv.Options
}{
	{data: ""},
	{data: "given_name,\xff\n"},
	{data: "Anna,Muster,1980-01-01\n"},
	{data: "given_name,family_name,birth_date,given_name,extra\n"},
	{data: "given_name,family_name,birth_date,sex\n"},
	{data: "given_name,family_name,birth_date\nAnna," + strings.Repeat("x", 80) + ",1980-01-01\n", opts: patientcsv.Options{MaxLineBytes: 64}},
	{data: "given_name,family_name,birth_date,sex,mrn,email\n" +
		"Anna,,31.02.1980,q,M1,a@example.org\n" +
		"Ben,Test,,m,M1,nope\n" +
		"Carl,Dorn,1980-01-01\n" +
		"Eva,\xff,2999-01-01,f,M2,\n" +
		"Fritz,A\u200bB,1970-01-01,m,M3,\n" +
		"Gerd,\"Hahn\"x,1980-01-01,f,M4,\n"},
}

// csvLineErrors parses the bad files and returns every problem found.
func csvLineErrors(t *testing.T) []*patientcsv.LineError {
	t.Helper()
	var out []*patientcsv.LineError
	for i, f := range badCSVFiles {
		_, err := patientcsv.Parse(strings.NewReader(f.data), f.opts)
		var pe *patientcsv.Error
		if !errors.As(err, &pe) {
			t.Fatalf("file %d: err = %v, want *patientcsv.Error", i, err)
		}
		out = append(out, pe.Lines...)
	}
	return out
}

// Every CSV problem read in German names its line (and column) and says
// what is wrong in German: none of the English catalogue's rule texts and
// not the importer's English message.
func TestCSVProblemsInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	lines := csvLineErrors(t)
	seen := map[vault.FieldRule]bool{}
	for _, l := range lines {
		seen[l.Rule] = true
		got := csvProblems(de, &patientcsv.Error{Lines: []*patientcsv.LineError{l}})
		if l.Rule == "" {
			t.Errorf("%q has no rule code", l.Message)
		}
		if !strings.Contains(got, fmt.Sprintf("Zeile %d", l.Line)) {
			t.Errorf("%q does not name line %d", got, l.Line)
		}
		if l.Field != "" && !strings.Contains(got, "Spalte "+l.Field) {
			t.Errorf("%q does not name column %s", got, l.Field)
		}
		assertNoEnglish(t, en, got, l)
	}
	for _, r := range []vault.FieldRule{vault.RuleCSVNoHeader, vault.RuleCSVHeaderUTF8, vault.RuleCSVNotHeader,
		vault.RuleCSVUnknownColumn, vault.RuleCSVDuplicateColumn, vault.RuleCSVMissingColumn, vault.RuleCSVNoRows,
		vault.RuleCSVLineTooLong, vault.RuleCSVMalformed, vault.RuleCSVColumnCount, vault.RuleCSVDate, vault.RuleCSVSex,
		vault.RuleCSVDuplicateMRN, vault.RuleRequired, vault.RuleCSVNotUTF8, vault.RuleFuture, vault.RuleEmail, vault.RuleInvisible} {
		if !seen[r] {
			t.Errorf("no bad file broke rule %s", r)
		}
	}
}

// The CSV rules no small file can break (a read failure, a clash with the
// vault) are worded in German too.
func TestCSVRulesWithoutFileInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for _, r := range []vault.FieldRule{vault.RuleCSVUnreadable, vault.RuleCSVInvalidRecord, vault.RuleCSVMRNExists} {
		l := &patientcsv.LineError{Line: 7, Field: "mrn", Rule: r, Message: "english " + string(r)}
		got := csvProblems(de, &patientcsv.Error{Lines: []*patientcsv.LineError{l}})
		if !strings.Contains(got, "Zeile 7, Spalte mrn") {
			t.Errorf("%q does not name line and column", got)
		}
		assertNoEnglish(t, en, got, l)
	}
}

// assertNoEnglish fails when got holds l's English message or any rule's
// English catalogue text (filled with l's arguments).
func assertNoEnglish(t *testing.T, en *i18n.Localizer, got string, l *patientcsv.LineError) {
	t.Helper()
	if strings.Contains(got, l.Message) || strings.Contains(got, "⟦") || strings.Contains(got, "<no value>") {
		t.Errorf("%s: %q is the English message or not worded", l.Rule, got)
	}
	for _, r := range vault.FieldRules() {
		text := en.T(i18n.FieldRuleID(string(r)), l.Args...)
		if len(text) > 12 && strings.Contains(got, text) {
			t.Errorf("%s: German %q holds the English %q", l.Rule, got, text)
		}
	}
}
