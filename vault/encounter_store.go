package vault

import (
	"fmt"
	"time"
)

// AddEncounter stores a new encounter of an existing patient. Needs
// PermPatientWrite and PermPatientClinical; audited. Returns
// *ValidationError, ErrNotFound for an unknown patient, ErrRestricted for a
// restricted one.
func (s *Session) AddEncounter(e Encounter) (Encounter, error) {
	es, _, err := s.AddClinical([]Encounter{e}, nil)
	if err != nil {
		return Encounter{}, err
	}
	return es[0], nil
}

// AddObservation stores a new observation of an existing patient; as AddEncounter.
// A set EncounterID must name an encounter of the same patient.
func (s *Session) AddObservation(o Observation) (Observation, error) {
	_, os, err := s.AddClinical(nil, []Observation{o})
	if err != nil {
		return Observation{}, err
	}
	return os[0], nil
}

// AddClinical stores encounters and observations of existing patients in
// one transaction: all or nothing. Observations may refer to encounters of
// the same call: by id, or as "#N" for encs[N]. Validation errors name the
// entry ("encounters[2].Date").
// Each patient's last clinical activity moves forward to its latest care
// date. Audited once per patient ("clinical.create", counts only).
func (s *Session) AddClinical(encs []Encounter, obs []Observation) ([]Encounter, []Observation, error) {
	now := s.v.now().UTC()
	encs, obs, err := prepareClinical(encs, obs, now)
	if err != nil {
		return nil, nil, err
	}
	if fs := resolveLocalRefs(nil, obs, encs, ""); len(fs) > 0 {
		return nil, nil, &ValidationError{Fields: fs}
	}
	if len(encs)+len(obs) == 0 {
		return encs, obs, nil
	}
	object := "patient:" + firstOwner(encs, obs)
	err = s.run(PermPatientWrite, "clinical.create", object, func(tx *txn, k *keys) error {
		if err := s.requireFor(PermPatientClinical); err != nil {
			return err
		}
		return s.insertClinical(tx, k, encs, obs)
	})
	if err != nil {
		return nil, nil, err
	}
	return encs, obs, nil
}

func firstOwner(encs []Encounter, obs []Observation) string {
	if len(encs) > 0 {
		return encs[0].PatientID
	}
	return obs[0].PatientID
}

// prepareClinical normalises, validates and stamps new rows.
func prepareClinical(encs []Encounter, obs []Observation, now time.Time) ([]Encounter, []Observation, error) {
	outE, err := prepareItems(encounterKind, encs, "encounters", now)
	if err != nil {
		return nil, nil, err
	}
	outO, err := prepareItems(observationKind, obs, "observations", now)
	if err != nil {
		return nil, nil, err
	}
	return outE, outO, nil
}

func prepareItems[T any](kind clinicalKind[T], items []T, name string, now time.Time) ([]T, error) {
	out := make([]T, len(items))
	var fs []FieldError
	for i, it := range items {
		it, err := kind.check(it, now)
		fs = appendFieldErrors(fs, err, fmt.Sprintf("%s[%d].", name, i))
		m := kind.meta(it)
		out[i] = kind.setMeta(it, itemMeta{id: newPatientID(), patientID: m.patientID, version: 1, created: now, updated: now})
	}
	if len(fs) > 0 {
		return nil, &ValidationError{Fields: fs}
	}
	return out, nil
}

// appendFieldErrors adds the fields of a *ValidationError under a prefix.
func appendFieldErrors(fs []FieldError, err error, prefix string) []FieldError {
	if ve, ok := err.(*ValidationError); ok {
		for _, f := range ve.Fields {
			f.Field = prefix + f.Field // rule code and allowed values kept: the front ends word them
			fs = append(fs, f)
		}
	}
	return fs
}

// Encounters returns a patient's encounters, oldest first. Needs
// PermPatientClinical; audited with the count. ErrNotFound for an unknown
// patient, ErrIntegrity for a changed row.
func (s *Session) Encounters(patientID string) ([]Encounter, error) {
	return listItems(s, encounterKind, patientID, sortEncounters)
}

// Observations returns a patient's observations by date; as Encounters.
func (s *Session) Observations(patientID string) ([]Observation, error) {
	return listItems(s, observationKind, patientID, sortObservations)
}

func listItems[T any](s *Session, kind clinicalKind[T], patientID string, sortFn func([]T)) ([]T, error) {
	action, object := kind.table.noun+".list", "patient:"+patientID
	var out []T
	err := s.runRead(PermPatientClinical, action, object, func(tx *txn, k *keys) error {
		var err error
		if out, err = loadItems(tx, k, kind, patientID); err != nil {
			return err
		}
		sortFn(out)
		return s.audit(tx, k, action, object, outcomeOK, fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

// loadItems opens every row of the kind of one patient.
func loadItems[T any](tx *txn, k *keys, kind clinicalKind[T], patientID string) ([]T, error) {
	st, err := readPatientState(tx, patientID)
	if err != nil {
		return nil, err
	}
	rows, err := kind.table.rowsOf(tx, patientID, st.seq)
	if err != nil || len(rows) == 0 {
		return []T{}, err
	}
	key, err := k.dataKey(tx, patientID)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		it, err := kind.open(k, key, r)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// UpdateEncounter stores new values of an encounter. e.Version must equal
// the stored version (else ErrConflict) and e.PatientID its owner (else
// ErrNotFound); returns the encounter with the next version. Needs
// PermPatientWrite and PermPatientClinical. ErrRestricted for a restricted
// patient. The change is audited, not kept as history: corrections a data
// subject asked for go through RectifyEncounter.
func (s *Session) UpdateEncounter(e Encounter) (Encounter, error) {
	return updateItem(s, encounterKind, e, "")
}

// UpdateObservation is UpdateEncounter for observations.
func (s *Session) UpdateObservation(o Observation) (Observation, error) {
	return updateItem(s, observationKind, o, "")
}

// RectifyEncounter corrects an encounter under a rectification (GDPR
// Art. 16) or HIPAA amendment request of its patient in progress and keeps
// the previous value in the patient's history (PatientHistory, field
// "encounter:<id>"). Needs PermRequestDecide, PermPatientWrite and
// PermPatientClinical; otherwise as UpdateEncounter.
func (s *Session) RectifyEncounter(e Encounter, requestID string) (Encounter, error) {
	return updateItem(s, encounterKind, e, requestID)
}

// RectifyObservation is RectifyEncounter for observations ("observation:<id>").
func (s *Session) RectifyObservation(o Observation, requestID string) (Observation, error) {
	return updateItem(s, observationKind, o, requestID)
}

func updateItem[T any](s *Session, kind clinicalKind[T], it T, requestID string) (T, error) {
	var zero T
	now := s.v.now().UTC()
	it, err := kind.check(it, now)
	if err != nil {
		return zero, err
	}
	m := kind.meta(it)
	perm, action := PermPatientWrite, kind.table.noun+".update"
	if requestID != "" {
		perm, action = PermRequestDecide, kind.table.noun+".rectify"
	}
	object := "patient:" + m.patientID
	var out T
	err = s.run(perm, action, object, func(tx *txn, k *keys) error {
		if err := s.requireFor(PermPatientWrite, PermPatientClinical); err != nil {
			return err
		}
		if requestID != "" {
			if err := rectifiable(tx, requestID, m.patientID); err != nil {
				return err
			}
		}
		old, err := rewriteItem(tx, k, kind, it, now)
		if err != nil {
			return err
		}
		out = kind.setMeta(it, itemMeta{m.id, m.patientID, kind.meta(old).version + 1, kind.meta(old).created, now})
		detail := fmt.Sprintf("%s=%s version=%d", kind.table.noun, m.id, kind.meta(out).version)
		if requestID != "" {
			if err := s.storeHistory(tx, k, m.patientID, kind.table.noun+":"+m.id, fmt.Sprint(old), requestID, now); err != nil {
				return err
			}
			detail += " request=" + requestID
		}
		return s.audit(tx, k, action, object, outcomeOK, detail)
	})
	if err != nil {
		return zero, err
	}
	return out, nil
}

// rewriteItem checks owner, restriction and version of the stored row and
// seals it's new value; it returns the old value.
func rewriteItem[T any](tx *txn, k *keys, kind clinicalKind[T], it T, now time.Time) (T, error) {
	var zero T
	m := kind.meta(it)
	r, err := kind.table.row(tx, m.id)
	switch {
	case err != nil:
		return zero, err
	case r.patientID != m.patientID:
		return zero, fmt.Errorf("%w: %s %s of patient %s", ErrNotFound, kind.table.noun, m.id, m.patientID)
	case r.restricted:
		return zero, fmt.Errorf("%w: patient %s", ErrRestricted, m.patientID)
	case r.version != m.version:
		return zero, fmt.Errorf("%w: %s %s is at version %d, update was based on %d", ErrConflict, kind.table.noun, m.id, r.version, m.version)
	}
	key, err := k.dataKey(tx, m.patientID)
	if err != nil {
		return zero, err
	}
	defer clear(key)
	old, err := kind.open(k, key, r)
	if err != nil {
		return zero, err
	}
	ct, err := k.sealRecord(key, kind.table.name, m.id, m.patientID, r.version+1, kind.body(it))
	if err != nil {
		return zero, err
	}
	if err := kind.table.update(tx, m.id, r.version+1, now, ct); err != nil {
		return zero, err
	}
	return old, touchClinical(tx, m.patientID, kind.care(it))
}

// DeleteEncounter removes an encounter (observations taken at it stay, as
// measurements of their own) and checkpoints the WAL so the old page does
// not survive there. Needs PermPatientWrite and PermPatientClinical;
// ErrNotFound, ErrRestricted.
func (s *Session) DeleteEncounter(id string) error { return deleteItem(s, encountersTable, id) }

// DeleteObservation removes an observation; as DeleteEncounter.
func (s *Session) DeleteObservation(id string) error { return deleteItem(s, observationsTable, id) }

func deleteItem(s *Session, t clinicalTable, id string) error {
	action := t.noun + ".delete"
	err := s.run(PermPatientWrite, action, t.noun+":"+id, func(tx *txn, k *keys) error {
		if err := s.requireFor(PermPatientClinical); err != nil {
			return err
		}
		r, err := t.row(tx, id)
		if err != nil {
			return err
		}
		if r.restricted {
			return fmt.Errorf("%w: patient %s", ErrRestricted, r.patientID)
		}
		if err := t.remove(tx, id); err != nil {
			return err
		}
		return s.audit(tx, k, action, "patient:"+r.patientID, outcomeOK, t.noun+"="+id)
	})
	if err != nil {
		return err
	}
	return checkpoint(s.v.db)
}

// GetEncounter returns one encounter by id. Needs PermPatientClinical;
// audited. ErrNotFound.
func (s *Session) GetEncounter(id string) (Encounter, error) { return getItem(s, encounterKind, id) }

// GetObservation returns one observation by id; as GetEncounter.
func (s *Session) GetObservation(id string) (Observation, error) {
	return getItem(s, observationKind, id)
}

func getItem[T any](s *Session, kind clinicalKind[T], id string) (T, error) {
	var out T
	action := kind.table.noun + ".read"
	err := s.runRead(PermPatientClinical, action, kind.table.noun+":"+id, func(tx *txn, k *keys) error {
		r, err := kind.table.row(tx, id)
		if err != nil {
			return err
		}
		key, err := k.dataKey(tx, r.patientID)
		if err != nil {
			return err
		}
		defer clear(key)
		if out, err = kind.open(k, key, r); err != nil {
			return err
		}
		return s.audit(tx, k, action, "patient:"+r.patientID, outcomeOK, kind.table.noun+"="+id)
	})
	return out, err
}
