package patients

import (
	"slices"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/i18n"
	"custodia/vault"
)

// Units show as people write them ("mmHg", "°C", not UCUM's "mm[Hg]",
// "Cel"), and what is shown reads back as the stored code.
func TestObservationUnitsAsPeopleWriteThem(t *testing.T) {
	// The full table is checked in internal/ucum; here the editor's two
	// directions go through it.
	for code, label := range map[string]string{"mm[Hg]": "mmHg", "Cel": "°C", "kg/m2": "kg/m²"} {
		if got := unitLabel(code); got != label {
			t.Errorf("unitLabel(%q) = %q, want %q", code, got, label)
		}
		if unitCode(label) != code {
			t.Errorf("unitCode(%q) = %q, want %q", label, unitCode(label), code)
		}
	}
	if unitCode(" kg ") != "kg" || unitLabel("kg") != "kg" {
		t.Error("a plain unit changed")
	}
	de := i18n.MustLoad().Localizer("de")
	o := vault.Observation{Date: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC), Code: "8480-6", Value: "128", Unit: "mm[Hg]"}
	if row := observationRow(de, o); row[3] != "mmHg" {
		t.Errorf("unit cell %q, want mmHg", row[3])
	}
}

// The observation picker names every common observation in the reader's
// language (German showed "Body weight", "Heart rate"), and a German pick
// with its suggested unit is stored as LOINC code and UCUM unit.
func TestObservationPickerInGerman(t *testing.T) {
	env, f, admin, p := clinicalFixture(t, vault.RoleAdmin)
	de := i18n.MustLoad().Localizer("de")
	for _, c := range commonObservations {
		if !de.Has("research.loinc." + c.Code) {
			t.Errorf("no German name for LOINC %s (%s)", c.Code, vault.LOINCLabel(c.Code))
		}
	}
	env.Loc = de
	c := newClinicalPanel(env, f.session.(clinicalSession))
	c.patient = p.ID
	pick := observationChoice(de, commonObservations[slices.IndexFunc(commonObservations, func(o commonObservation) bool { return o.Code == "8310-5" })])
	if !slices.Contains(observationChoices(de), pick) || pick != usecase.LOINCLabel(de, "8310-5")+" (8310-5)" {
		t.Fatalf("picker %q lacks the German %q", observationChoices(de), pick)
	}
	c.NewObservation()
	c.setObservationFields(observationFields{Date: "01.03.2026", Code: pick, Value: "37,2"})
	if c.obsUnit.Text != "°C" {
		t.Fatalf("suggested unit %q, want °C", c.obsUnit.Text)
	}
	c.saveObservation()
	obs, err := admin.Observations(p.ID)
	if err != nil || len(obs) != 1 || obs[0].Code != "8310-5" || obs[0].Unit != "Cel" || obs[0].Value != "37.2" {
		t.Fatalf("stored %+v %v", obs, err)
	}
}
