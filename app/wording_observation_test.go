package app

import (
	"testing"

	"custodia/i18n"
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
