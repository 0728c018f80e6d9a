package app

import (
	"strings"

	"custodia/consent"
	"custodia/i18n"
)

// MappingLineID is the message id of a kind of FHIR mapping line.
func MappingLineID(k consent.MappingKind) string { return "fhirmap.line." + string(k) }

// MappingText words one line of how a foreign FHIR Consent was read, or
// of what stays in its source system, in loc's language: the JSON path
// and the source's codes as they are, data categories by their labels.
func MappingText(loc *i18n.Localizer, l consent.MappingLine) string {
	from, to := l.From, l.To
	switch l.Kind {
	case consent.MapCategory:
		to = categoryLabels(loc, to)
	case consent.MapException:
		from = categoryLabels(loc, from)
	}
	if !loc.Has(MappingLineID(l.Kind)) {
		return l.String()
	}
	return loc.T(MappingLineID(l.Kind), "Path", l.Path, "From", from, "To", to)
}

// categoryLabels words a ", "-separated list of data category codes.
func categoryLabels(loc *i18n.Localizer, list string) string {
	if list == "" {
		return ""
	}
	cs := strings.Split(list, ", ")
	for i, c := range cs {
		cs[i] = loc.Label("category", c, c)
	}
	return strings.Join(cs, ", ")
}
