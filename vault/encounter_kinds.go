package vault

import "time"

// itemMeta is what the vault sets on a clinical row.
type itemMeta struct {
	id, patientID    string
	version          int64
	created, updated time.Time
}

// clinicalKind ties a Go type to its table: how to open, seal and date it.
type clinicalKind[T any] struct {
	table   clinicalTable
	open    func(k *keys, key []byte, r storedRow) (T, error)
	meta    func(T) itemMeta
	setMeta func(T, itemMeta) T
	care    func(T) time.Time
	body    func(T) recordBody
	check   func(T, time.Time) (T, error) // normalise and validate
}

var encounterKind = clinicalKind[Encounter]{
	table: encountersTable,
	open:  (*keys).openEncounter,
	meta: func(e Encounter) itemMeta {
		return itemMeta{e.ID, e.PatientID, e.Version, e.CreatedAt, e.UpdatedAt}
	},
	setMeta: func(e Encounter, m itemMeta) Encounter {
		e.ID, e.PatientID, e.Version, e.CreatedAt, e.UpdatedAt = m.id, m.patientID, m.version, m.created, m.updated
		return e
	},
	care: func(e Encounter) time.Time { return e.Date },
	body: func(e Encounter) recordBody { return e.body() },
	check: func(e Encounter, now time.Time) (Encounter, error) {
		e = e.normalised()
		return e, e.validate(now)
	},
}

var observationKind = clinicalKind[Observation]{
	table: observationsTable,
	open:  (*keys).openObservation,
	meta: func(o Observation) itemMeta {
		return itemMeta{o.ID, o.PatientID, o.Version, o.CreatedAt, o.UpdatedAt}
	},
	setMeta: func(o Observation, m itemMeta) Observation {
		o.ID, o.PatientID, o.Version, o.CreatedAt, o.UpdatedAt = m.id, m.patientID, m.version, m.created, m.updated
		return o
	},
	care: func(o Observation) time.Time { return o.Date },
	body: func(o Observation) recordBody { return o.body() },
	check: func(o Observation, now time.Time) (Observation, error) {
		o = o.normalised()
		return o, o.validate(now)
	},
}
