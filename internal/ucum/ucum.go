// Package ucum writes the UCUM units the vault stores (observations) as
// people write them ("mm[Hg]" → "mmHg", "Cel" → "°C"), and reads them
// back. The desktop app's observation editor and the printed access
// documents share it, so a unit reads the same on screen and on paper.
package ucum

import "strings"

// labels are UCUM units as people write them; the vault stores UCUM.
// A unit that people write as UCUM does ("kg", "mg/dL") is not listed.
var labels = map[string]string{
	"mm[Hg]": "mmHg", "Cel": "°C", "kg/m2": "kg/m²", "10*3/uL": "10³/µL", "10*6/uL": "10⁶/µL",
	"10*9/L": "10⁹/L", "mL/min/{1.73_m2}": "mL/min/1,73 m²", "ug/L": "µg/L", "umol/L": "µmol/L",
	"[in_i]": "in", "[lb_av]": "lb", "[degF]": "°F", "{score}": "",
}

// Label is a stored UCUM unit as people write it ("mm[Hg]" → "mmHg",
// "Cel" → "°C"); a unit without a label shows as stored.
func Label(code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

// Code is the UCUM code of a unit typed or shown as people write it;
// anything else is taken as typed (the vault checks it).
func Code(text string) string {
	text = strings.TrimSpace(text)
	for code, l := range labels {
		if l != "" && l == text {
			return code
		}
	}
	return text
}
