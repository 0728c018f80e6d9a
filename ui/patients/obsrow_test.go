package patients

import (
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/i18n"
	"custodia/vault"
)

// TestObservationRowInGerman: the desktop's observation table words a
// measurement as custodiactl observation list does: its German name and
// the value in German number format (82,5, not 82.5).
func TestObservationRowInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	o := vault.Observation{Date: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC), Code: "29463-7", Value: "82.5", Unit: "kg"}
	row := observationRow(de, o)
	if row[1] != de.T("research.loinc.29463-7") || row[1] == vault.LOINCLabel(o.Code) || row[2] != "82,5" {
		t.Errorf("row %q, want the German name and 82,5", row)
	}
	if row[1] != usecase.LOINCLabel(de, o.Code) || row[2] != usecase.ObservationValue(de, o.Value) {
		t.Errorf("row %q differs from the command line's words", row)
	}
}
