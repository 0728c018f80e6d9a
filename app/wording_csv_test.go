package app

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault"
	"custodia/vault/patientcsv"
)

// A CSV problem names its column by the field's label in the reader's
// language and the header to fix in parentheses; the header code appears
// nowhere else, also where a rule's message names a column.
func TestCSVProblemNamesColumnByLabel(t *testing.T) {
	cat := i18n.MustLoad()
	for lang, form := range map[string]string{"de": "Zeile 12, Spalte „%s“ (%s): ", "en": "Line 12, column “%s” (%s): "} {
		loc := cat.Localizer(lang)
		for _, f := range patientcsv.Fields() {
			label := loc.T("labels.field." + f.PatientField())
			if f.PatientField() == "" || label == string(f) {
				t.Fatalf("%s: no label", f)
			}
			got := CSVProblem(loc, &patientcsv.LineError{Line: 12, Field: string(f), Rule: vault.RuleRequired, Message: "is required"})
			if want := fmt.Sprintf(form, label, f); !strings.HasPrefix(got, want) {
				t.Errorf("%s: %q, want it to start %q", lang, got, want)
			}
			noBareHeader(t, got)
			missing := CSVProblem(loc, &patientcsv.LineError{Line: 1, Rule: vault.RuleCSVMissingColumn, Args: []any{"Field", string(f)}})
			if !strings.Contains(missing, label) {
				t.Errorf("%s: %q does not name the column's label", lang, missing)
			}
			noBareHeader(t, missing)
		}
	}
}

// noBareHeader fails when got names a CSV header code other than in
// parentheses after its label.
func noBareHeader(t *testing.T, got string) {
	t.Helper()
	for _, f := range patientcsv.Fields() {
		rest := strings.ReplaceAll(got, "("+string(f)+")", "")
		if regexp.MustCompile(`(^|[^a-z_])` + string(f) + `($|[^a-z_])`).MatchString(rest) {
			t.Errorf("%q names column %s without its label", got, f)
		}
	}
}

// The problem of a bad sex value offers, in each language, only values
// the importer accepts: a German reader the German words and letters and
// the format's own codes, an English reader the codes and their letters
// (the README lists every value). The message fits one row of the
// desktop's problem list at 1280 px.
// The format's documentation (the command's README) lists every value.
func TestSexProblemOffersWhatTheImporterAccepts(t *testing.T) {
	cat := i18n.MustLoad()
	accepted := patientcsv.SexValues()
	want := map[string][]string{
		"de": {"weiblich", "männlich", "divers", "unbekannt", "w", "m", "d", "u", "female", "male", "other", "unknown"},
		"en": {"female", "male", "other", "unknown", "f", "m", "o", "u"},
	}
	for lang, values := range want {
		msg := CSVProblem(cat.Localizer(lang), &patientcsv.LineError{Line: 4, Field: "sex", Rule: vault.RuleCSVSex})
		offered := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(msg), func(r rune) bool { return !(r >= 'a' && r <= 'z' || strings.ContainsRune("äöüéß", r)) }) {
			if _, ok := accepted[w]; ok || len([]rune(w)) == 1 {
				offered[w] = true
			}
		}
		for w := range offered {
			if _, ok := accepted[w]; !ok {
				t.Errorf("%s: %q offers %q, which the importer refuses", lang, msg, w)
			}
		}
		if n := len([]rune(msg)); n > 165 {
			t.Errorf("%s: %d characters, too long for one row: %q", lang, n, msg)
		}
		for _, w := range values {
			if !offered[w] {
				t.Errorf("%s: %q does not offer %q", lang, msg, w)
			}
		}
	}
}

// An unknown field in a column mapping is answered, in German, with every
// field the mapping accepts by its label and the name to type.
func TestCSVMappingProblemListsLabels(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	got := CSVMappingProblem(de, &patientcsv.MappingError{Pair: "Geb=birthday", Field: "birthday"})
	for _, f := range patientcsv.Fields() {
		if !strings.Contains(got, "„"+de.T("labels.field."+f.PatientField())+"“ ("+string(f)+")") {
			t.Errorf("%s missing: %q", f, got)
		}
	}
	noBareHeader(t, got)
	if strings.Contains(got, "want one of") || !strings.Contains(CSVMappingProblem(de, &patientcsv.MappingError{Pair: "Geb"}), "überschrift=feld") {
		t.Errorf("not German: %q", got)
	}
}
