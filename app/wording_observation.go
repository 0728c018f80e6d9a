package app

import (
	"strconv"
	"strings"

	"custodia/i18n"
	"custodia/vault"
)

// ObservationValue writes a measured value as the reader writes numbers
// ("74,6" in German, "74.6" in English), keeping the decimals it was
// recorded with; a value that is not a plain decimal number ("positive",
// "1e3", ">120") stays as recorded, so nothing stored is changed.
func ObservationValue(loc *i18n.Localizer, value string) string {
	digits := strings.TrimPrefix(value, "-")
	whole, frac, _ := strings.Cut(digits, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) || strings.HasSuffix(value, ".") {
		return value
	}
	f, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return value
	}
	return loc.Float(f, len(frac))
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// LOINCLabel names a measurement by its LOINC code in loc's language
// ("Körpergewicht" for 29463-7), else by the vault's English name ("" for
// a code the vault does not name).
func LOINCLabel(loc *i18n.Localizer, code string) string {
	if id := "research.loinc." + code; loc.Has(id) {
		return loc.T(id)
	}
	return vault.LOINCLabel(code)
}
