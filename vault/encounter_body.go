package vault

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// encounterBody is what is sealed of an encounter.
type encounterBody struct {
	Date      string        `json:"date"`
	Kind      EncounterKind `json:"kind"`
	Diagnoses []Diagnosis   `json:"diagnoses"`
}

// observationBody is what is sealed of an observation.
type observationBody struct {
	Date        string `json:"date"`
	Code        string `json:"code"`
	Value       string `json:"value"`
	Unit        string `json:"unit,omitempty"`
	EncounterID string `json:"encounter,omitempty"`
}

func (e Encounter) body() encounterBody {
	return encounterBody{Date: e.Date.Format(dateLayout), Kind: e.Kind, Diagnoses: e.Diagnoses}
}

func (o Observation) body() observationBody {
	return observationBody{Date: o.Date.Format(dateLayout), Code: o.Code, Value: o.Value, Unit: o.Unit, EncounterID: o.EncounterID}
}

func parseStoredDate(s, table, id string) (time.Time, error) {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %s row %s: stored date unreadable", ErrIntegrity, table, id)
	}
	return d, nil
}

// openEncounter opens a stored encounter row.
func (k *keys) openEncounter(key []byte, r storedRow) (Encounter, error) {
	var b encounterBody
	if err := k.openRecord(key, encountersTable.name, r.id, r.patientID, r.ct, &b); err != nil {
		return Encounter{}, err
	}
	d, err := parseStoredDate(b.Date, encountersTable.name, r.id)
	if err != nil {
		return Encounter{}, err
	}
	return Encounter{ID: r.id, PatientID: r.patientID, Date: d, Kind: b.Kind, Diagnoses: b.Diagnoses,
		Version: r.version, CreatedAt: r.created, UpdatedAt: r.updated}, nil
}

// openObservation opens a stored observation row.
func (k *keys) openObservation(key []byte, r storedRow) (Observation, error) {
	var b observationBody
	if err := k.openRecord(key, observationsTable.name, r.id, r.patientID, r.ct, &b); err != nil {
		return Observation{}, err
	}
	d, err := parseStoredDate(b.Date, observationsTable.name, r.id)
	if err != nil {
		return Observation{}, err
	}
	return Observation{ID: r.id, PatientID: r.patientID, EncounterID: b.EncounterID, Date: d, Code: b.Code, Value: b.Value,
		Unit: b.Unit, Version: r.version, CreatedAt: r.created, UpdatedAt: r.updated}, nil
}

// sortEncounters orders by date, then creation (oldest first).
func sortEncounters(es []Encounter) {
	slices.SortStableFunc(es, func(a, b Encounter) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// sortObservations orders by date, then code, then creation.
func sortObservations(os []Observation) {
	slices.SortStableFunc(os, func(a, b Observation) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
