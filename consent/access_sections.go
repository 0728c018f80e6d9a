package consent

import "time"

// SectionKind names what a record section of an access report holds.
type SectionKind string

// The record sections the vault adds to an access report.
const (
	SectionIdentity     SectionKind = "identity"     // identity and contact details
	SectionClinical     SectionKind = "clinical"     // diagnosis and notes columns
	SectionEncounters   SectionKind = "encounters"   // encounters and their diagnoses
	SectionObservations SectionKind = "observations" // measurements (LOINC)
	SectionErased       SectionKind = "erased"       // what an erasure kept (Date: the erasure)
	SectionHistory      SectionKind = "history"      // earlier values changed by rectification
)

// SectionKinds lists the kinds in the order the vault adds them.
func SectionKinds() []SectionKind {
	return []SectionKind{SectionIdentity, SectionClinical, SectionEncounters, SectionObservations, SectionErased, SectionHistory}
}

// Row field codes beside the patient columns ("given_name", "mrn"...).
const (
	FieldRestricted  = "restricted"  // processing restricted (Art. 18); RowCode.Restricted
	FieldEncounter   = "encounter"   // one encounter (erased: kept as a whole)
	FieldObservation = "observation" // one measurement (erased: kept as a whole)
	FieldEncounters  = "encounters"  // the ICD-10 categories of all encounters (anonymised)
)

// RowCode says what a row of a record section is, in codes: the printed
// pages word the row's label from it. The row's value stays as stored
// (the patient's own data), except a restriction flag, which is Restricted.
type RowCode struct {
	// Field is the patient column ("given_name", "mrn"...) or one of the
	// Field* codes.
	Field string `json:"field"`
	// Action is what an erasure did to the field (erased sections).
	Action Action `json:"action,omitempty"`
	// Date is until when a value held (history), or the day of the
	// encounter or observation.
	Date time.Time `json:"date,omitzero"`
	// Kind is the encounter kind code ("home-visit").
	Kind string `json:"kind,omitempty"`
	// LOINC is the observation's code, Unit its UCUM unit ("mm[Hg]"); the
	// row's value ends in the unit as stored.
	LOINC string `json:"loinc,omitempty"`
	Unit  string `json:"unit,omitempty"`
	// Restricted is the value of the "restricted" row.
	Restricted bool `json:"restricted,omitempty"`
	// Item is the encounter or observation a row's value holds whole (one
	// kept by an erasure, an earlier one in the history).
	Item *RecordItem `json:"item,omitempty"`
}

// RecordItem is an encounter or an observation held as one value, in
// codes: the value's words come from them, except Text, which stays as
// stored.
type RecordItem struct {
	Date time.Time `json:"date"`
	// Kind is an encounter's kind code ("home-visit").
	Kind string `json:"kind,omitempty"`
	// LOINC and Unit (UCUM) are an observation's.
	LOINC string `json:"loinc,omitempty"`
	Unit  string `json:"unit,omitempty"`
	// Text is an encounter's diagnoses (codes and texts) or an
	// observation's measured value, as stored.
	Text string `json:"text"`
}

// Code is the code of row i; ok is false when the section carries none
// (a report stored before codes).
func (s RecordSection) Code(i int) (RowCode, bool) {
	if i < 0 || i >= len(s.Codes) || len(s.Codes) != len(s.Rows) {
		return RowCode{}, false
	}
	return s.Codes[i], true
}
