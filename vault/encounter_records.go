package vault

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PatientRecord is a new patient together with its clinical rows, as an
// import or the demo brings them.
type PatientRecord struct {
	Patient    Patient
	Encounters []Encounter // PatientID is set by AddPatientRecords
	// Observations: PatientID is set by AddPatientRecords; an EncounterID
	// "#N" names Encounters[N] of the same record (replaced by its id).
	Observations []Observation
}

// AddPatientRecords stores new patients with their encounters and
// observations in one transaction: all or nothing. Needs PermPatientWrite,
// and PermPatientClinical when any record holds clinical data. Validation
// errors name the entry ("[3].Patient.BirthDate", "[3].encounters[0].Date").
// Returns ErrExists for an MRN already assigned.
func (s *Session) AddPatientRecords(recs []PatientRecord) ([]PatientRecord, error) {
	now := s.v.now().UTC()
	out, err := prepareRecords(recs, now)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ps, encs, obs := flattenRecords(out)
	err = s.run(PermPatientWrite, "patient.create", "patient:"+ps[0].ID, func(tx *txn, k *keys) error {
		need := newPatientsNeed(ps)
		if len(encs)+len(obs) > 0 {
			need = append(need, PermPatientClinical)
		}
		if err := s.requireFor(need...); err != nil {
			return err
		}
		seq, err := nextSeq(tx)
		if err != nil {
			return err
		}
		if err := s.insertPatients(tx, k, ps, seq); err != nil {
			return err
		}
		return s.insertClinical(tx, k, encs, obs)
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Patient.LastClinicalAt = latestCare(out[i])
	}
	return out, nil
}

func prepareRecords(recs []PatientRecord, now time.Time) ([]PatientRecord, error) {
	out := make([]PatientRecord, len(recs))
	var fs []FieldError
	for i, r := range recs {
		prefix := fmt.Sprintf("[%d].", i)
		p := prepareNew(r.Patient, now)
		fs = appendFieldErrors(fs, p.validate(now), prefix+"Patient.")
		encs := make([]Encounter, len(r.Encounters))
		for j, e := range r.Encounters {
			e.PatientID = p.ID
			encs[j] = e
		}
		obs := make([]Observation, len(r.Observations))
		for j, o := range r.Observations {
			o.PatientID = p.ID
			obs[j] = o
		}
		pe, err := prepareItems(encounterKind, encs, "encounters", now)
		fs = appendFieldErrors(fs, err, prefix)
		po, err := prepareItems(observationKind, obs, "observations", now)
		fs = appendFieldErrors(fs, err, prefix)
		if len(fs) == 0 {
			fs = resolveLocalRefs(fs, po, pe, prefix)
		}
		out[i] = PatientRecord{Patient: p, Encounters: pe, Observations: po}
	}
	if len(fs) > 0 {
		return nil, &ValidationError{Fields: fs}
	}
	return out, nil
}

// resolveLocalRefs replaces "#N" encounter references by the encounter ids.
func resolveLocalRefs(fs []FieldError, obs []Observation, encs []Encounter, prefix string) []FieldError {
	for j := range obs {
		ref, ok := strings.CutPrefix(obs[j].EncounterID, "#")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(ref)
		if err != nil || n < 0 || n >= len(encs) {
			fs = append(fs, FieldError{Field: fmt.Sprintf("%sobservations[%d].EncounterID", prefix, j), Message: "names no encounter of this record", Rule: RuleNoSuchEncounter})
			continue
		}
		obs[j].EncounterID = encs[n].ID
	}
	return fs
}

func flattenRecords(recs []PatientRecord) ([]Patient, []Encounter, []Observation) {
	ps := make([]Patient, len(recs))
	var encs []Encounter
	var obs []Observation
	for i, r := range recs {
		ps[i] = r.Patient
		encs = append(encs, r.Encounters...)
		obs = append(obs, r.Observations...)
	}
	return ps, encs, obs
}

func latestCare(r PatientRecord) time.Time {
	t := r.Patient.LastClinicalAt
	for _, e := range r.Encounters {
		if e.Date.After(t) {
			t = e.Date
		}
	}
	for _, o := range r.Observations {
		if o.Date.After(t) {
			t = o.Date
		}
	}
	return t
}
