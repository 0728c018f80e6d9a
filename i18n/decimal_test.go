package i18n

import "testing"

// Decimals follow the reader's format with the recorded precision;
// anything not a plain decimal stays as recorded.
func TestDecimal(t *testing.T) {
	c := MustLoad()
	de, en := c.Localizer("de"), c.Localizer("en")
	for in, want := range map[string][2]string{
		"74.6": {"74,6", "74.6"}, "92": {"92", "92"}, "-0.50": {"-0,50", "-0.50"}, "1200.5": {"1.200,5", "1,200.5"},
		"positive": {"positive", "positive"}, "1e3": {"1e3", "1e3"}, ">120": {">120", ">120"}, "7.": {"7.", "7."}, "": {"", ""},
	} {
		if got := [2]string{de.Decimal(in), en.Decimal(in)}; got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
