package vault

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// encounterBody is what is sealed of an encounter: date, kind, then code
// and text of each diagnosis.
type encounterBody struct {
	Date      string
	Kind      EncounterKind
	Diagnoses []Diagnosis
}

func (b *encounterBody) fields() []string {
	out := make([]string, 0, 2+2*len(b.Diagnoses))
	out = append(out, b.Date, string(b.Kind))
	for _, d := range b.Diagnoses {
		out = append(out, d.Code, d.Text)
	}
	return out
}

func (b *encounterBody) setFields(fs []string) error {
	if len(fs) < 2 || len(fs)%2 != 0 {
		return ErrIntegrity
	}
	b.Date, b.Kind = fs[0], EncounterKind(fs[1])
	b.Diagnoses = make([]Diagnosis, 0, (len(fs)-2)/2)
	for i := 2; i < len(fs); i += 2 {
		b.Diagnoses = append(b.Diagnoses, Diagnosis{Code: fs[i], Text: fs[i+1]})
	}
	return nil
}

// observationBody is what is sealed of an observation.
type observationBody struct {
	Date, Code, Value, Unit, EncounterID string
}

func (b *observationBody) fields() []string {
	return []string{b.Date, b.Code, b.Value, b.Unit, b.EncounterID}
}

func (b *observationBody) setFields(fs []string) error {
	if len(fs) != 5 {
		return ErrIntegrity
	}
	b.Date, b.Code, b.Value, b.Unit, b.EncounterID = fs[0], fs[1], fs[2], fs[3], fs[4]
	return nil
}

func (e Encounter) body() *encounterBody {
	return &encounterBody{Date: e.Date.Format(dateLayout), Kind: e.Kind, Diagnoses: e.Diagnoses}
}

func (o Observation) body() *observationBody {
	return &observationBody{Date: o.Date.Format(dateLayout), Code: o.Code, Value: o.Value, Unit: o.Unit, EncounterID: o.EncounterID}
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
	if err := k.openRecord(key, encountersTable.name, r, &b); err != nil {
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
	if err := k.openRecord(key, observationsTable.name, r, &b); err != nil {
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
