package app

import (
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// MappingLineID is the message id of a kind of FHIR mapping line.
func MappingLineID(k consent.MappingKind) string { return "fhirmap.line." + string(k) }

// MappingNames are the catalogue's stored names of the purposes and
// recipients a mapping line names by id, so a line reads the purpose
// as the rest of the app does (loc.Translate): the shipped label in the
// reader's language, or the practice's own name.
type MappingNames struct {
	Purposes   map[string]string // purpose id → stored name
	Recipients map[string]string // recipient id → stored name
}

// MappingNamesOf reads the names from a catalogue (nil: none, the
// shipped labels alone).
func MappingNamesOf(cat *consent.Catalogue) MappingNames {
	n := MappingNames{Purposes: map[string]string{}, Recipients: map[string]string{}}
	if cat == nil {
		return n
	}
	for _, p := range cat.Purposes() {
		n.Purposes[p.ID] = p.Name
		for _, r := range p.Recipients {
			n.Recipients[r.ID] = r.Name
		}
	}
	return n
}

// MappingText words one line of how a foreign FHIR Consent was read, or
// of what stays in its source system, in loc's language: the JSON path
// and the source's codes as the file has them (FHIR status and provision
// codes with their meaning after them), and what Custodia records by its
// label: the purpose, recipients and data categories by name, the end of
// validity as a day.
func MappingText(loc *i18n.Localizer, l consent.MappingLine, names MappingNames) string {
	if !loc.Has(MappingLineID(l.Kind)) {
		return l.String()
	}
	id, from, to := MappingLineID(l.Kind), l.From, l.To
	switch l.Kind {
	case consent.MapPurposeGiven, consent.MapPurpose:
		to = loc.Translate("purpose", to, names.Purposes[to])
	case consent.MapCategory:
		to = categoryLabels(loc, to)
	case consent.MapException:
		from, to = categoryLabels(loc, from), recipientLabels(loc, to, names)
	case consent.MapExcluded, consent.MapRecipient:
		to = recipientLabels(loc, to, names)
	case consent.MapRefusal, consent.MapGrant:
		from, to = fhirCode(loc, "fhirmap.status.", from), fhirCode(loc, "fhirmap.provision.", orPermit(to))
	case consent.MapValidUntil:
		id, to = validUntil(loc, to)
	case consent.NotePerformer:
		from = fhirCode(loc, "fhirmap.resource.", from)
	}
	return loc.T(id, "Path", l.Path, "From", from, "To", to)
}

func orPermit(provision string) string {
	if provision == "" {
		return "permit"
	}
	return provision
}

// fhirCode is a FHIR code of the file with its meaning before it,
// "aktiv (active)"; a code without words stays as the file has it.
func fhirCode(loc *i18n.Localizer, prefix, code string) string {
	id := prefix + code
	if code == "" || !loc.Has(id) || loc.T(id) == code {
		return code
	}
	return loc.T(id) + " (" + code + ")"
}

// validUntil words the exclusive end of validity: the last day it
// covers when it ends at midnight, else the moment it ends.
func validUntil(loc *i18n.Localizer, rfc3339 string) (id, text string) {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return "fhirmap.validUntilAt", rfc3339
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return MappingLineID(consent.MapValidUntil), loc.Date(t.AddDate(0, 0, -1))
	}
	return "fhirmap.validUntilAt", loc.DateTime(t)
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

// recipientLabels words a ", "-separated list of recipient ids by name.
func recipientLabels(loc *i18n.Localizer, list string, names MappingNames) string {
	if list == "" {
		return ""
	}
	rs := strings.Split(list, ", ")
	for i, r := range rs {
		rs[i] = loc.Translate("recipient", r, names.Recipients[r])
	}
	return strings.Join(rs, ", ")
}
