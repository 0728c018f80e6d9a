package i18n

import (
	"strconv"
	"strings"
)

// Decimal writes a decimal number recorded as text ("74.6", a measured
// value) as the reader writes numbers ("74,6" in German, "74.6" in
// English), keeping the decimals it was recorded with; a text that is not
// a plain decimal number ("positive", "1e3", ">120") stays as recorded,
// so nothing stored is changed.
func (l *Localizer) Decimal(value string) string {
	digits := strings.TrimPrefix(value, "-")
	whole, frac, _ := strings.Cut(digits, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) || strings.HasSuffix(value, ".") {
		return value
	}
	f, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return value
	}
	return l.Float(f, len(frac))
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
