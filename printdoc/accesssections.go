package printdoc

import (
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/internal/ucum"
)

// The record sections of an access report ("what we hold about you") in
// the reader's language (area "accesssec"). The vault gives each section
// a kind and each row a code; the words come from the catalogue, reusing
// the ids the screens use for the same thing (patient form labels,
// encounter kinds, LOINC names), so the report says what the screen says.
// A section or row without a code (a report stored before codes) or with a
// code this package does not know keeps the vault's English words.

// heldSection is a record section as the reader reads it.
type heldSection struct {
	Kind  consent.SectionKind
	Title string
	Rows  [][2]string // label, value
}

// heldColumns are the PDF table's column widths and heads for a section:
// encounters and measurements say what their columns hold, and a
// measurement's long name gets the wider column.
func heldColumns(loc *i18n.Localizer, kind consent.SectionKind) ([]float64, []string) {
	switch kind {
	case consent.SectionEncounters:
		return []float64{35, 65}, []string{loc.T("clinical.column.encounter"), loc.T("patients.clinical.diagnoses")}
	case consent.SectionObservations:
		return []float64{60, 40}, []string{loc.T("patients.clinical.observation"), loc.T("patients.clinical.value")}
	}
	return []float64{35, 65}, []string{loc.T("accesspdf.field"), loc.T("accesspdf.value")}
}

// sectionTitleIDs are the catalogue ids of the section titles that need
// no argument; the erased section names its date.
var sectionTitleIDs = map[consent.SectionKind]string{
	consent.SectionIdentity:     "accesssec.section.identity",
	consent.SectionClinical:     "accesssec.section.clinical",
	consent.SectionEncounters:   "patients.clinical.encounters",
	consent.SectionObservations: "patients.clinical.observations",
	consent.SectionHistory:      "accesssec.section.history",
}

// fieldIDs name the row field codes: the patient columns by the patient
// form's labels, the others by their own.
var fieldIDs = map[string]string{
	"given_name": "labels.field.GivenName", "family_name": "labels.field.FamilyName",
	"birth_date": "labels.field.BirthDate", "sex": "labels.field.Sex", "address": "labels.field.Address",
	"postcode": "labels.field.Postcode", "phone": "labels.field.Phone", "email": "labels.field.Email",
	"insurance_number": "labels.field.InsuranceNumber", "mrn": "labels.field.MRN",
	"diagnosis": "labels.field.Diagnosis", "notes": "labels.field.Notes",
	consent.FieldRestricted:  "accesssec.field.restricted",
	consent.FieldEncounter:   "clinical.column.encounter",
	consent.FieldObservation: "patients.clinical.observation",
	consent.FieldEncounters:  "accesssec.field.encounters",
}

// heldSections words the report's record sections.
func heldSections(loc *i18n.Localizer, secs []consent.RecordSection) []heldSection {
	out := make([]heldSection, len(secs))
	for i, s := range secs {
		h := heldSection{Kind: s.Kind, Title: sectionTitle(loc, s.Kind, s.Date, s.Title), Rows: make([][2]string, len(s.Rows))}
		for j, row := range s.Rows {
			code, ok := s.Code(j)
			h.Rows[j] = row
			if ok {
				h.Rows[j] = [2]string{rowLabel(loc, s.Kind, code, row[0]), rowValue(loc, code, row[1])}
			}
		}
		out[i] = h
	}
	return out
}

// sectionTitle is a section's title in the reader's language, else the
// stored one.
func sectionTitle(loc *i18n.Localizer, kind consent.SectionKind, date time.Time, stored string) string {
	if kind == consent.SectionErased && !date.IsZero() {
		return loc.T("accesssec.section.erased", "Date", loc.Date(date))
	}
	if id, ok := sectionTitleIDs[kind]; ok {
		return loc.T(id)
	}
	return stored
}

// rowLabel words a row's label from its code; stored when the code names
// something this package does not know.
func rowLabel(loc *i18n.Localizer, kind consent.SectionKind, c consent.RowCode, stored string) string {
	switch kind {
	case consent.SectionEncounters:
		return encounterLabel(loc, c, stored)
	case consent.SectionObservations:
		return observationLabel(loc, c, stored)
	}
	field, ok := fieldWord(loc, c.Field)
	if !ok {
		return stored
	}
	switch kind {
	case consent.SectionErased:
		if c.Action == "" || !loc.Has("labels.action."+string(c.Action)) {
			return stored
		}
		return loc.T("accesssec.row.erased", "Field", field, "Action", loc.Label("action", string(c.Action), ""))
	case consent.SectionHistory:
		if c.Date.IsZero() {
			return stored
		}
		return loc.T("accesssec.row.history", "Field", field, "Date", loc.Date(c.Date))
	}
	return field
}

func fieldWord(loc *i18n.Localizer, field string) (string, bool) {
	id, ok := fieldIDs[field]
	if !ok {
		return "", false
	}
	return loc.T(id), true
}

// encounterLabel is "02.01.2026 Hausbesuch": the day and the kind.
func encounterLabel(loc *i18n.Localizer, c consent.RowCode, stored string) string {
	if c.Date.IsZero() || !loc.Has("labels.encounter."+c.Kind) {
		return stored
	}
	return loc.T("accesssec.row.encounter", "Date", loc.Date(c.Date), "Kind", loc.Label("encounter", c.Kind, ""))
}

// observationLabel is "02.01.2026 Körpergewicht (LOINC 29463-7)", or the
// bare LOINC code for a measurement the catalogue does not name.
func observationLabel(loc *i18n.Localizer, c consent.RowCode, stored string) string {
	if c.Date.IsZero() || c.LOINC == "" {
		return stored
	}
	if id := "research.loinc." + c.LOINC; loc.Has(id) {
		return loc.T("accesssec.row.observation", "Date", loc.Date(c.Date), "Name", loc.T(id), "Code", c.LOINC)
	}
	return loc.T("accesssec.row.loinc", "Date", loc.Date(c.Date), "Code", c.LOINC)
}

// rowValue is a row's value for the reader: the restriction flag in
// words, a birth date in the reader's date format, the sex by its label,
// a measurement in the reader's number format with its unit as people
// write it; the patient's own data (names,
// notes, diagnoses) as stored.
func rowValue(loc *i18n.Localizer, c consent.RowCode, stored string) string {
	if c.Item != nil {
		return itemValue(loc, c.Field, *c.Item, stored)
	}
	switch c.Field {
	case consent.FieldRestricted:
		if c.Restricted {
			return loc.T("accesssec.restricted.yes")
		}
		return loc.T("accesssec.restricted.no")
	case "birth_date":
		if d, err := time.Parse(time.DateOnly, stored); err == nil {
			return loc.Date(d)
		}
	case "sex":
		return loc.Label("sex", stored, stored)
	case consent.FieldObservation:
		if c.Unit == "" {
			return loc.Decimal(stored)
		}
		if value, ok := strings.CutSuffix(stored, " "+c.Unit); ok {
			return measure(loc, value, c.Unit)
		}
	}
	return stored
}

// itemValue words an encounter or observation held whole as one value
// (kept by an erasure, an earlier value in the history): "10.08.2023
// Telefon: M17.1 …", "16.10.2026 Körpergewicht (LOINC 29463-7): 46.9 kg".
func itemValue(loc *i18n.Localizer, field string, it consent.RecordItem, stored string) string {
	var head, text string
	switch field {
	case consent.FieldEncounter:
		head, text = encounterLabel(loc, consent.RowCode{Date: it.Date, Kind: it.Kind}, ""), it.Text
	case consent.FieldObservation:
		head, text = observationLabel(loc, consent.RowCode{Date: it.Date, LOINC: it.LOINC}, ""), measure(loc, it.Text, it.Unit)
	}
	if head == "" {
		return stored
	}
	return loc.T("accesssec.value.item", "Item", head, "Text", text)
}

// measure is a measured value and its unit as the reader writes them:
// "74,6 kg", "128 mmHg".
func measure(loc *i18n.Localizer, value, unit string) string {
	return strings.TrimSpace(loc.Decimal(value) + " " + ucum.Label(unit))
}

// portableRows words the portability page's record rows: section, field,
// value.
func portableRows(loc *i18n.Localizer, fields []consent.PortableField) [][3]string {
	out := make([][3]string, len(fields))
	for i, f := range fields {
		out[i] = [3]string{f.Section, f.Field, f.Value}
		if f.SectionKind == "" || f.Code.Field == "" {
			continue
		}
		out[i] = [3]string{sectionTitle(loc, f.SectionKind, time.Time{}, f.Section),
			rowLabel(loc, f.SectionKind, f.Code, f.Field), rowValue(loc, f.Code, f.Value)}
	}
	return out
}
