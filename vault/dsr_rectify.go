package vault

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"custodia/consent"
)

// FieldChange is one entry of a patient's rectification history: the value
// a field had before a rectification changed it.
type FieldChange struct {
	Field     string                 // column name, e.g. "family_name", "phone"
	Category  consent.RecordCategory // identity, contact or clinical
	OldValue  string
	At        time.Time
	By        string // user id
	RequestID string
}

// fieldCategory maps each patient column to its record category.
func fieldCategory(column string) consent.RecordCategory {
	if clinicalRowField(column) {
		return consent.RecClinical
	}
	switch column {
	case "address", "postcode", "phone", "email":
		return consent.RecContact
	case "diagnosis", "notes":
		return consent.RecClinical
	}
	return consent.RecIdentity
}

func clinicalColumn(column string) bool { return fieldCategory(column) == consent.RecClinical }

// Rectify corrects a patient's record under a rectification (GDPR Art. 16)
// or HIPAA amendment request in progress, keeping the previous value of
// every changed field in an encrypted history (PatientHistory). Needs
// PermRequestDecide and PermPatientWrite, and PermPatientClinical to change
// Diagnosis or Notes. corrected.Version must equal the stored version (else
// ErrConflict); Restricted is not changed here (see SetRestricted). Returns
// the stored patient with the next version; ErrNotFound, ErrRestricted,
// *ValidationError (bad fields, no change, or requestID not a rectification
// request of this patient in progress).
func (s *Session) Rectify(patientID string, corrected Patient, requestID string) (Patient, error) {
	now := s.v.now().UTC()
	corrected.ID = patientID
	if corrected.Sex == "" {
		corrected.Sex = "unknown"
	}
	if err := corrected.validate(now); err != nil {
		return Patient{}, err
	}
	object := "patient:" + patientID
	var out Patient
	err := s.run(PermRequestDecide, "patient.rectify", object, func(tx *txn, k *keys) error {
		if err := s.requireFor(PermPatientWrite); err != nil {
			return err
		}
		if err := rectifiable(tx, requestID, patientID); err != nil {
			return err
		}
		old, err := k.loadPatient(tx, patientID, patientColumns)
		if err != nil {
			return err
		}
		changed, err := s.checkRectify(old, corrected)
		if err != nil {
			return err
		}
		out = corrected
		out.Restricted, out.Version, out.CreatedAt, out.UpdatedAt = false, old.Version+1, old.CreatedAt, now
		out.LastClinicalAt = lastClinical(old, out, now)
		if err := s.recordHistory(tx, k, old, changed, requestID, now); err != nil {
			return err
		}
		if err := rewritePatient(tx, k, old, out); err != nil {
			return err
		}
		return s.audit(tx, k, "patient.rectify", object, outcomeOK, "request="+requestID+" fields="+strings.Join(changed, ","))
	})
	if err != nil {
		return Patient{}, err
	}
	return out, nil
}

func rectifiable(tx *txn, requestID, patientID string) error {
	r, err := dsrRequest(tx, requestID, patientID, consent.ReqRectification, consent.ReqHIPAAAmendment)
	if err != nil {
		return err
	}
	if r.State != consent.StateInProgress {
		return invalidValues("requestID", RuleRequestInProgress, []string{string(r.State)}, requestID, r.State)
	}
	return nil
}

// checkRectify applies the restriction, version and permission rules and
// returns the changed columns.
func (s *Session) checkRectify(old, corrected Patient) ([]string, error) {
	if old.Restricted {
		return nil, fmt.Errorf("%w: patient %s: lift the restriction before rectifying", ErrRestricted, old.ID)
	}
	if corrected.Version != old.Version {
		return nil, fmt.Errorf("%w: patient %s is at version %d, rectification was based on %d", ErrConflict, old.ID, old.Version, corrected.Version)
	}
	changed := changedColumns(old, corrected)
	if len(changed) == 0 {
		return nil, invalidRule("corrected", RuleNoChange)
	}
	if slices.ContainsFunc(changed, clinicalColumn) {
		if err := s.requireFor(PermPatientClinical); err != nil {
			return nil, err
		}
	}
	return changed, nil
}

func changedColumns(a, b Patient) []string {
	av, bv := a.encryptedValues(), b.encryptedValues()
	var out []string
	for i, c := range patientColumns {
		if av[i] != bv[i] {
			out = append(out, c)
		}
	}
	return out
}

func (k *keys) historyAD(id, patientID string) []byte {
	return associatedData(k.vaultID, "patient_history", "old_value", id+"\x00"+patientID)
}

// recordHistory stores the old values of the changed columns under the
// patient's data key.
func (s *Session) recordHistory(tx *txn, k *keys, old Patient, changed []string, requestID string, now time.Time) error {
	dk, err := k.dataKey(tx, old.ID)
	if err != nil {
		return err
	}
	defer clear(dk)
	values := old.encryptedValues()
	var seq int64
	if err := tx.QueryRow("SELECT coalesce(max(seq), 0) FROM patient_history").Scan(&seq); err != nil {
		return fmt.Errorf("vault: history: %w", err)
	}
	for _, c := range changed {
		id := uuid.NewString()
		ct, err := k.sealFor(columnCategory(c), dk, []byte(values[slices.Index(patientColumns, c)]), k.historyAD(id, old.ID))
		if err != nil {
			return err
		}
		seq++
		if _, err := tx.Exec(`INSERT INTO patient_history (id, seq, patient_id, field, category, at, by_user, request_id, key_kind, old_value)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, seq, old.ID, c, fieldCategory(c), now.UnixNano(), s.User().ID, requestID, keyPatient, ct); err != nil {
			return fmt.Errorf("vault: store history of patient %s: %w", old.ID, err)
		}
	}
	return nil
}

// PatientHistory returns the rectification history of a patient, oldest
// first: who changed which field when, under which request, and the old
// value. Needs PermPatientRead; clinical fields only with
// PermPatientClinical. After an erasure only the history of kept
// categories remains. Returns ErrNotFound for an unknown patient,
// ErrIntegrity if a stored value fails authentication.
func (s *Session) PatientHistory(patientID string) ([]FieldChange, error) {
	var out []FieldChange
	object := "patient:" + patientID
	err := s.runRead(PermPatientRead, "patient.history", object, func(tx *txn, k *keys) error {
		if !hasRow(tx, "SELECT 1 FROM patients WHERE id = ?", patientID) && !hasRow(tx, "SELECT 1 FROM erased_patients WHERE patient_id = ?", patientID) {
			return fmt.Errorf("%w: patient %s", ErrNotFound, patientID)
		}
		var err error
		if out, err = s.readHistory(tx, k, patientID); err != nil {
			return err
		}
		return s.audit(tx, k, "patient.history", object, outcomeOK, fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

type historyRow struct {
	id, kind string
	ct       []byte
	change   FieldChange
}

func (s *Session) readHistory(tx *txn, k *keys, patientID string) ([]FieldChange, error) {
	rows, err := historyRows(tx, patientID)
	if err != nil {
		return nil, err
	}
	clinical := s.User().Role.Can(PermPatientClinical)
	r := newSecretReader(tx, k)
	defer r.wipe()
	out := []FieldChange{}
	for _, h := range rows {
		if clinicalColumn(h.change.Field) && !clinical {
			continue
		}
		key, err := r.key(h.kind, patientID)
		if err != nil {
			return nil, err
		}
		if key == nil {
			continue // shredded
		}
		pt, err := k.openFor(columnCategory(h.change.Field), key, h.ct, k.historyAD(h.id, patientID))
		if err != nil {
			return nil, fmt.Errorf("%w: history of patient %s", ErrIntegrity, patientID)
		}
		h.change.OldValue = string(pt)
		out = append(out, h.change)
	}
	return out, nil
}

func historyRows(tx *txn, patientID string) ([]historyRow, error) {
	rows, err := tx.Query(`SELECT id, field, category, at, by_user, request_id, key_kind, old_value FROM patient_history
		WHERE patient_id = ? ORDER BY seq`, patientID)
	if err != nil {
		return nil, fmt.Errorf("vault: read history: %w", err)
	}
	defer rows.Close()
	var out []historyRow
	for rows.Next() {
		var h historyRow
		var at int64
		var cat string
		if err := rows.Scan(&h.id, &h.change.Field, &cat, &at, &h.change.By, &h.change.RequestID, &h.kind, &h.ct); err != nil {
			return nil, err
		}
		h.change.Category, h.change.At = consent.RecordCategory(cat), time.Unix(0, at).UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}
