package app

import (
	"testing"

	"custodia/i18n"
	"custodia/vault"
)

// TestObservationValue: decimals follow the reader's format with the
// recorded precision; anything not a plain decimal stays as recorded.
func TestObservationValue(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	en := i18n.MustLoad().Localizer("en")
	for in, want := range map[string][2]string{
		"74.6": {"74,6", "74.6"}, "92": {"92", "92"}, "-0.50": {"-0,50", "-0.50"}, "1200.5": {"1.200,5", "1,200.5"},
		"positive": {"positive", "positive"}, "1e3": {"1e3", "1e3"}, ">120": {">120", ">120"}, "7.": {"7.", "7."}, "": {"", ""},
	} {
		if got := [2]string{ObservationValue(de, in), ObservationValue(en, in)}; got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestLOINCLabel: a measurement is named in the reader's language where
// the catalogue has it, else by the vault's English name.
func TestLOINCLabel(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	if got, en := LOINCLabel(de, "29463-7"), vault.LOINCLabel("29463-7"); got == "" || got == en || got != de.T("research.loinc.29463-7") {
		t.Errorf("29463-7 in German: %q (English %q)", got, en)
	}
	if got := LOINCLabel(de, "0000-0"); got != vault.LOINCLabel("0000-0") {
		t.Errorf("unknown code: %q", got)
	}
}
