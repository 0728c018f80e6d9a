package vault

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// clinicalTable is one table of sealed clinical rows (encounters,
// observations): same columns, different sealed bodies.
type clinicalTable struct {
	name string // table name, also in the associated data
	noun string // "encounter": audit actions and errors
	ins  multiInsert
}

var (
	encountersTable   = newClinicalTable("encounters", "encounter")
	observationsTable = newClinicalTable("observations", "observation")
)

func newClinicalTable(name, noun string) clinicalTable {
	return clinicalTable{name: name, noun: noun,
		ins: newMultiInsert("INSERT INTO "+name+" (patient_seq, id, version, created_at, updated_at, record) VALUES ", 6)}
}

// clinicalQueries are the statements prepared when the vault opens.
func clinicalQueries() []string {
	qs := []string{qPatientState, qTouchClinical}
	for _, t := range []clinicalTable{encountersTable, observationsTable} {
		qs = append(qs, t.ins.queries[:]...)
		qs = append(qs, t.rowsQuery(), t.rowQuery())
	}
	return qs
}

const qTouchClinical = "UPDATE patients SET last_clinical_at = max(last_clinical_at, ?) WHERE id = ?"

// qPatientState reads what a clinical write checks about the owner.
const qPatientState = "SELECT seq, restricted FROM patients WHERE id = ?"

func (t clinicalTable) rowsQuery() string {
	return "SELECT id, version, created_at, updated_at, record FROM " + t.name + " WHERE patient_seq = ? ORDER BY id"
}

func (t clinicalTable) rowQuery() string {
	return "SELECT p.id, p.restricted, r.version, r.created_at, r.updated_at, r.record FROM " + t.name +
		" r JOIN patients p ON p.seq = r.patient_seq WHERE r.id = ?"
}

// storedRow is a clinical row as read, before opening.
type storedRow struct {
	id, patientID    string
	restricted       bool
	version          int64
	created, updated time.Time
	ct               []byte
}

// patientState is the owner of clinical rows: creation number and restriction.
type patientState struct {
	seq        int64
	restricted bool
}

func readPatientState(tx *txn, patientID string) (patientState, error) {
	var st patientState
	err := tx.QueryRow(qPatientState, patientID).Scan(&st.seq, &st.restricted)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("%w: patient %s", ErrNotFound, patientID)
	}
	if err != nil {
		return st, fmt.Errorf("vault: read patient %s: %w", patientID, err)
	}
	return st, nil
}

// rowsOf reads the stored rows of one patient.
func (t clinicalTable) rowsOf(tx *txn, patientID string, seq int64) ([]storedRow, error) {
	rows, err := tx.Query(t.rowsQuery(), seq)
	if err != nil {
		return nil, fmt.Errorf("vault: read %s of patient %s: %w", t.name, patientID, err)
	}
	defer rows.Close()
	var out []storedRow
	for rows.Next() {
		r := storedRow{patientID: patientID}
		var c, u int64
		if err := rows.Scan(&r.id, &r.version, &c, &u, &r.ct); err != nil {
			return nil, fmt.Errorf("vault: read %s of patient %s: %w", t.name, patientID, err)
		}
		r.created, r.updated = time.Unix(0, c).UTC(), time.Unix(0, u).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// row reads one stored row by id (ErrNotFound).
func (t clinicalTable) row(tx *txn, id string) (storedRow, error) {
	r := storedRow{id: id}
	var c, u int64
	err := tx.QueryRow(t.rowQuery(), id).Scan(&r.patientID, &r.restricted, &r.version, &c, &u, &r.ct)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("%w: %s %s", ErrNotFound, t.noun, id)
	}
	if err != nil {
		return r, fmt.Errorf("vault: read %s %s: %w", t.noun, id, err)
	}
	r.created, r.updated = time.Unix(0, c).UTC(), time.Unix(0, u).UTC()
	return r, nil
}

func (t clinicalTable) update(tx *txn, id string, version int64, updated time.Time, ct []byte) error {
	_, err := tx.Exec("UPDATE "+t.name+" SET version = ?, updated_at = ?, record = ? WHERE id = ?", version, updated.UnixNano(), ct, id)
	if err != nil {
		return fmt.Errorf("vault: update %s %s: %w", t.noun, id, err)
	}
	return nil
}

func (t clinicalTable) remove(tx *txn, id string) error {
	if _, err := tx.Exec("DELETE FROM "+t.name+" WHERE id = ?", id); err != nil {
		return fmt.Errorf("vault: delete %s %s: %w", t.noun, id, err)
	}
	return nil
}

// touchClinical moves the patient's last clinical activity forward to the
// care date (never back): retention counts medical records from the last
// treatment, which is the latest date care was given, not the day a row
// was typed in or imported.
func touchClinical(tx *txn, patientID string, care time.Time) error {
	_, err := tx.Exec(qTouchClinical, care.UnixNano(), patientID)
	if err != nil {
		return fmt.Errorf("vault: last clinical activity of patient %s: %w", patientID, err)
	}
	return nil
}

// hasClinicalRows reports whether the patient has encounters or observations.
func hasClinicalRows(tx *txn, patientID string) bool {
	return hasRow(tx, "SELECT 1 FROM encounters WHERE patient_seq = (SELECT seq FROM patients WHERE id = ?) LIMIT 1", patientID) ||
		hasRow(tx, "SELECT 1 FROM observations WHERE patient_seq = (SELECT seq FROM patients WHERE id = ?) LIMIT 1", patientID)
}
