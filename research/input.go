package research

import "time"

// Patient is what a research export reads of one patient (the vault's
// ExtractRecord, without names, contact details or identifiers).
type Patient struct {
	ID        string
	BirthDate time.Time
	Sex       string
	Postcode  string
	// Erased marks a patient whose record was erased (Art. 17): never exported.
	Erased bool
	// Restricted marks a patient under an Art. 18 restriction recorded on
	// the record itself (the vault's flag): never exported.
	Restricted   bool
	Encounters   []Encounter
	Observations []Observation
}

// Encounter is one contact and its ICD-10 codes (the first is the main one).
type Encounter struct {
	ID    string
	Date  time.Time
	Kind  string
	Codes []string
}

// Observation is one measurement: LOINC code, value, unit and date,
// optionally taken at an encounter.
type Observation struct {
	EncounterID string
	Date        time.Time
	Code        string
	Value       string
	Unit        string
}
