package patients

import (
	"strings"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"
)

// TestClinicalFieldMessagesInGerman: the encounter and observation editors
// word the vault's field rules in the reader's language, a diagnosis line's
// too (it was shown as the vault's English text), and keep the line number.
func TestClinicalFieldMessagesInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	_, errs := buildEncounter(de, vault.Encounter{PatientID: "p1"}, encounterFields{Date: "03.12.2026",
		Kind: string(vault.EncounterKinds()[0]), Diagnoses: "E11.9 Diabetes\nXY9 kein Code"}, now)
	got := kit.FieldMessage(de, errs[fieldEncDiagnoses])
	want := de.T("patients.clinical.diagline", "Line", 2, "Message", de.T(i18n.FieldRuleID(string(vault.RuleICD10))))
	if got != want {
		t.Errorf("diagnosis line 2: %q, want %q", got, want)
	}
	if !strings.Contains(got, "ICD-10-Code") || strings.Contains(got, "is not") {
		t.Errorf("diagnosis line not in German: %q", got)
	}
	_, errs = buildObservation(de, vault.Observation{PatientID: "p1"}, observationFields{Date: "03.12.2026", Code: "12345-0", Value: "82,5", Unit: "kg"}, now)
	if got, want := kit.FieldMessage(de, errs[fieldObsCode]), de.T(i18n.FieldRuleID(string(vault.RuleLOINC))); got != want {
		t.Errorf("observation code: %q, want %q", got, want)
	}
}
