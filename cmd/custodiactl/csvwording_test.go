package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
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
		if l.Field != "" && !strings.Contains(got, germanColumn(de, l.Field)) {
			t.Errorf("%q does not name column %s by its label and header", got, l.Field)
		}
		assertNoBareColumn(t, got)
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
		if !strings.Contains(got, "Zeile 7, Spalte „Aktennummer“ (mrn)") {
			t.Errorf("%q does not name line and column", got)
		}
		assertNoEnglish(t, en, got, l)
	}
}

// germanColumn is how a German problem names a CSV column: the patient
// field's label, then the header to fix in parentheses.
func germanColumn(de *i18n.Localizer, field string) string {
	return "Spalte „" + de.T("labels.field."+patientcsv.Field(field).PatientField()) + "“ (" + field + ")"
}

// assertNoBareColumn fails when got names a CSV column by its header
// alone: every header code of a patient field appears only in
// parentheses right after its label.
func assertNoBareColumn(t *testing.T, got string) {
	t.Helper()
	for _, f := range patientcsv.Fields() {
		bare := strings.ReplaceAll(got, "("+string(f)+")", "")
		if regexp.MustCompile(`(^|[^a-z_])` + string(f) + `($|[^a-z_])`).MatchString(bare) {
			t.Errorf("%q names column %s without its label", got, f)
		}
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

// The README's description of the CSV format lists every value of the sex
// column the importer accepts, as the problem messages offer them.
func TestReadmeListsSexValues(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(data), "## CSV import")
	section, _, _ = strings.Cut(section, "\n## ")
	for v := range patientcsv.SexValues() {
		if v != "" && !strings.Contains(section, "`"+v+"`") {
			t.Errorf("README's CSV import section does not list the sex value %q", v)
		}
	}
}
