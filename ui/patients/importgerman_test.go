package patients

import (
	"fmt"
	"strings"
	"testing"

	usecase "custodia/app"
	"custodia/i18n"
	"custodia/vault"
	"custodia/vault/patientcsv"
)

// The import's problem list words each coded problem in German, keeps its
// line and column, and shows neither the importer's English message nor
// the English catalogue text.
func TestImportProblemsInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	problems := []importProblem{
		{Line: 3, Field: "family_name", Rule: vault.RuleRequired, Message: "is required"},
		{Line: 3, Field: "birth_date", Rule: vault.RuleCSVDate, Message: "is not a valid date (want YYYY-MM-DD or DD.MM.YYYY)"},
		{Line: 4, Field: "mrn", Rule: vault.RuleCSVMRNExists, Message: "a patient with this MRN is already in the vault (id x)"},
		{Line: 5, Rule: vault.RuleCSVColumnCount, Args: []any{"Got", 3, "Want", 5}, Message: "has 3 columns, the header has 5"},
		{Line: 1, Rule: vault.RuleCSVMissingColumn, Args: []any{"Field", "birth_date"}, Message: "missing required column birth_date"},
	}
	for _, p := range problems {
		got := problemLine(de, p)
		english := en.T(i18n.FieldRuleID(string(p.Rule)), p.Args...)
		if strings.Contains(got, p.Message) || strings.Contains(got, english) || strings.Contains(got, "⟦") {
			t.Errorf("%s: %q is not German", p.Rule, got)
		}
		if !strings.HasPrefix(got, fmt.Sprintf("Zeile %d", p.Line)) || !strings.Contains(got, p.Field) {
			t.Errorf("%s: %q does not name line %d and column %q", p.Rule, got, p.Line, p.Field)
		}
		if p.Field != "" && !strings.Contains(got, "Spalte „"+de.T("labels.field."+patientcsv.Field(p.Field).PatientField())+"“ ("+p.Field+")") {
			t.Errorf("%s: %q does not name the column by its label and header", p.Rule, got)
		}
		if cli := usecase.CSVProblem(de, &patientcsv.LineError{Line: p.Line, Field: p.Field, Rule: p.Rule, Args: p.Args, Message: p.Message}); got != cli {
			t.Errorf("desk %q, command line %q", got, cli)
		}
	}
}
