package app

import (
	"custodia/i18n"
	"custodia/vault"
)

// ObservationValue writes a measured value as the reader writes numbers
// ("74,6" in German), keeping the recorded decimals; a value that is not a
// plain decimal number stays as recorded (i18n Localizer.Decimal, which
// the printed access documents share).
func ObservationValue(loc *i18n.Localizer, value string) string { return loc.Decimal(value) }

// LOINCLabel names a measurement by its LOINC code in loc's language
// ("Körpergewicht" for 29463-7), else by the vault's English name ("" for
// a code the vault does not name).
func LOINCLabel(loc *i18n.Localizer, code string) string {
	if id := "research.loinc." + code; loc.Has(id) {
		return loc.T(id)
	}
	return vault.LOINCLabel(code)
}
