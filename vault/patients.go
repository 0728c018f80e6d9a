package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// patientColumns are the encrypted columns of the patients table, in the
// order of Patient.encryptedValues.
var patientColumns = []string{
	"given_name", "family_name", "birth_date", "sex", "address", "postcode", "phone",
	"email", "insurance_number", "mrn", "diagnosis", "notes",
}

// clinicalFrom is the index of the first clinical column (diagnosis, notes).
const clinicalFrom = 10

// summaryColumns are the columns a PatientSummary needs.
var summaryColumns = []string{"given_name", "family_name", "birth_date", "mrn"}

func (p Patient) encryptedValues() []string {
	return []string{
		p.GivenName, p.FamilyName, p.BirthDate.Format(dateLayout), p.Sex, p.Address, p.Postcode, p.Phone,
		p.Email, p.InsuranceNumber, p.MRN, p.Diagnosis, p.Notes,
	}
}

func (p *Patient) setValue(column, value string) error {
	switch column {
	case "given_name":
		p.GivenName = value
	case "family_name":
		p.FamilyName = value
	case "birth_date":
		d, err := time.Parse(dateLayout, value)
		if err != nil {
			return fmt.Errorf("%w: patient %s: stored birth date unreadable", ErrIntegrity, p.ID)
		}
		p.BirthDate = d
	case "sex":
		p.Sex = value
	case "address":
		p.Address = value
	case "postcode":
		p.Postcode = value
	case "phone":
		p.Phone = value
	case "email":
		p.Email = value
	case "insurance_number":
		p.InsuranceNumber = value
	case "mrn":
		p.MRN = value
	case "diagnosis":
		p.Diagnosis = value
	case "notes":
		p.Notes = value
	}
	return nil
}

func (k *keys) keyAD(patientID string) []byte {
	return associatedData(k.vaultID, "patient_keys", "wrapped_key", patientID)
}

// rowVersion is what a sealed patient field is bound to besides its place:
// the row version (identity and contact columns) and the clinical version,
// the row version at which the clinical columns were last sealed (0: never,
// and then they are stored empty). Each update re-seals the identity
// columns under the new version, so an older ciphertext put back fails; the
// identity columns also bind the clinical version, so setting it back to
// match an older clinical ciphertext breaks them.
type rowVersion struct {
	version, clinical int64
}

func (k *keys) fieldAD(patientID, column string, rv rowVersion) []byte {
	return associatedData(k.vaultID, "patients", column, fieldADRow(patientID, column, rv))
}

// fieldADRow is the row part of a patient field's associated data: the
// patient id and the versions the column is bound to.
func fieldADRow(patientID, column string, rv rowVersion) string {
	if clinicalColumn(column) {
		return patientID + "\x00cv=" + strconv.FormatInt(rv.clinical, 10)
	}
	return patientID + "\x00v=" + strconv.FormatInt(rv.version, 10) + ";cv=" + strconv.FormatInt(rv.clinical, 10)
}

func (k *keys) decryptField(dataKey []byte, p *Patient, column string, ct []byte, rv rowVersion) error {
	if clinicalColumn(column) && (len(ct) == 0) != (rv.clinical == 0) {
		return fmt.Errorf("%w: patient %s column %s", ErrIntegrity, p.ID, column)
	}
	if len(ct) == 0 && !clinicalColumn(column) {
		// Identity columns in per-field format were always sealed, even
		// empty values: an empty one was emptied in the file.
		return fmt.Errorf("%w: patient %s column %s is empty", ErrIntegrity, p.ID, column)
	}
	if len(ct) == 0 {
		return p.setValue(column, "")
	}
	pt, err := k.openFor(columnCategory(column), dataKey, ct, k.fieldAD(p.ID, column, rv))
	if err != nil {
		return fmt.Errorf("%w: patient %s column %s", ErrIntegrity, p.ID, column)
	}
	return p.setValue(column, string(pt))
}

// dataKey unwraps the patient's data key.
func (k *keys) dataKey(tx *txn, patientID string) ([]byte, error) {
	wrap, err := k.needWrap()
	if err != nil {
		return nil, err
	}
	var wrapped []byte
	err = tx.QueryRow(qReadKey, patientID).Scan(&wrapped)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: patient %s has no data key", ErrIntegrity, patientID)
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read data key of patient %s: %w", patientID, err)
	}
	dk, err := open(wrap, wrapped, k.keyAD(patientID))
	if err != nil {
		return nil, fmt.Errorf("%w: patient %s data key", ErrIntegrity, patientID)
	}
	return dk, nil
}

// loadPatient reads and decrypts the given columns of one patient.
func (k *keys) loadPatient(tx *txn, id string, columns []string) (Patient, error) {
	p := Patient{ID: id}
	f := storedFields{columns: columns, cts: make([][]byte, len(columns))}
	var created, updated, clinical int64
	var rv rowVersion
	dest := []any{&p.Version, &p.Restricted, &created, &updated, &clinical, &rv.clinical}
	for i := range f.cts {
		dest = append(dest, &f.cts[i])
	}
	for i := range f.records {
		dest = append(dest, &f.records[i])
	}
	err := tx.QueryRow(loadQuery(columns), id).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return Patient{}, fmt.Errorf("%w: patient %s", ErrNotFound, id)
	}
	if err != nil {
		return Patient{}, fmt.Errorf("vault: read patient %s: %w", id, err)
	}
	p.CreatedAt, p.UpdatedAt = time.Unix(0, created).UTC(), time.Unix(0, updated).UTC()
	p.LastClinicalAt = timeOrZero(clinical)
	dk, err := k.dataKey(tx, id)
	if err != nil {
		return Patient{}, err
	}
	defer clear(dk)
	rv.version = p.Version
	if err := k.openStored(dk, &p, &f, rv); err != nil {
		return Patient{}, err
	}
	return p, nil
}

// AddPatient validates p, assigns its ID and stores it encrypted under a new
// data key. Needs PermPatientWrite (and PermPatientClinical to set Diagnosis
// or Notes, PermRequestDecide to set Restricted). Returns *ValidationError,
// or ErrExists if the MRN is already assigned.
func (s *Session) AddPatient(p Patient) (Patient, error) {
	out, err := s.AddPatients([]Patient{p})
	if err != nil {
		return Patient{}, err
	}
	return out[0], nil
}

// AddPatients stores several patients in one transaction: all or nothing.
// Validation errors name the failing entry as "[i].Field".
func (s *Session) AddPatients(ps []Patient) ([]Patient, error) {
	return s.AddPatientsContext(context.Background(), ps)
}

func prepareNew(p Patient, now time.Time) Patient {
	p.ID = newPatientID()
	if p.Sex == "" {
		p.Sex = "unknown"
	}
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	p.LastClinicalAt = time.Time{}
	if p.Diagnosis != "" || p.Notes != "" {
		p.LastClinicalAt = now
	}
	return p
}

// lastClinical is the last-clinical-activity time of p after old became p
// at now: now when Diagnosis or Notes changed, else old's.
func lastClinical(old, p Patient, now time.Time) time.Time {
	if old.Diagnosis != p.Diagnosis || old.Notes != p.Notes {
		return now
	}
	return old.LastClinicalAt
}

func timeOrZero(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// newPatientID returns a UUIDv7: time-ordered, so the primary-key B-trees
// of patients and patient_keys grow at their right edge instead of taking a
// random page write per insert. The embedded time is the creation time,
// which the file stores in clear anyway (created_at).
func newPatientID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

func firstID(ps []Patient) string {
	if len(ps) == 0 {
		return ""
	}
	return ps[0].ID
}

func prefixFields(err error, i, n int) error {
	var ve *ValidationError
	if n == 1 || !errors.As(err, &ve) {
		return err
	}
	out := &ValidationError{}
	for _, f := range ve.Fields {
		f.Field = fmt.Sprintf("[%d].%s", i, f.Field) // keeps the rule and its values
		out.Fields = append(out.Fields, f)
	}
	return out
}

// newPatientsNeed lists the extra permissions needed to create ps.
func newPatientsNeed(ps []Patient) []Permission {
	var need []Permission
	for _, p := range ps {
		if p.Diagnosis != "" || p.Notes != "" {
			need = append(need, PermPatientClinical)
		}
		if p.Restricted {
			need = append(need, PermRequestDecide)
		}
	}
	return need
}

// requireFor checks extra permissions inside an operation; run audits the denial.
func (s *Session) requireFor(perms ...Permission) error {
	u := s.User()
	for _, p := range perms {
		if !u.Role.Can(p) {
			return &PermissionError{User: u.Name, Role: u.Role, Perm: p}
		}
	}
	return nil
}

func nextSeq(tx *txn) (int64, error) {
	var seq int64
	err := tx.QueryRow(qNextSeq).Scan(&seq)
	return seq, err
}

// rewriteIndex replaces the blind-index rows of old by those of p. It
// returns ErrExists if another patient has p's MRN.
func rewriteIndex(tx *txn, k *keys, old, p Patient) error {
	if err := deleteIndex(tx, k, old); err != nil {
		return err
	}
	return insertIndex(tx, k, p)
}

// patientSeq is the creation number that blind-index rows refer to.
func patientSeq(tx *txn, id string) (int64, error) {
	var seq int64
	err := tx.QueryRow(qPatientSeq, id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%w: patient %s", ErrNotFound, id)
	}
	if err != nil {
		return 0, fmt.Errorf("vault: read patient %s: %w", id, err)
	}
	return seq, nil
}

// deleteIndex removes a patient's index rows by their full keys.
func deleteIndex(tx *txn, k *keys, p Patient) error {
	seq, err := patientSeq(tx, p.ID)
	if err != nil {
		return err
	}
	for _, e := range k.indexEntries(p) {
		q, args := qDeleteIndex, []any{e.kind, e.mac, seq}
		if e.kind == indexMRN {
			q, args = qDeleteMRN, []any{e.mac, seq}
		}
		if _, err := tx.Exec(q, args...); err != nil {
			return fmt.Errorf("vault: index of patient %s: %w", p.ID, err)
		}
	}
	return nil
}

// insertIndex adds the patient's blind-index rows, after checking that no
// other patient holds its MRN (ErrExists).
func insertIndex(tx *txn, k *keys, p Patient) error {
	seq, err := patientSeq(tx, p.ID)
	if err != nil {
		return err
	}
	var args []any
	for _, e := range k.indexEntries(p) {
		if e.kind != indexMRN {
			args = append(args, e.kind, e.mac, seq)
			continue
		}
		if err := mrnFree(tx, e.mac, p.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(qInsertMRN, e.mac, seq); err != nil {
			return fmt.Errorf("vault: MRN index of patient %s: %w", p.ID, err)
		}
	}
	if len(args) == 0 {
		return nil
	}
	if _, err := tx.Exec(insertIndexQuery(len(args)/3), args...); err != nil {
		return fmt.Errorf("vault: index of patient %s: %w", p.ID, err)
	}
	return nil
}

func mrnFree(tx *txn, m []byte, patientID string) error {
	var other string
	err := tx.QueryRow(qMRNOwner, m).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows) || other == patientID:
		return nil
	case err != nil:
		return err
	}
	return fmt.Errorf("%w: MRN of patient %s is already assigned to patient %s", ErrExists, patientID, other)
}

// GetPatient decrypts one patient. Needs PermPatientRead; Diagnosis and Notes
// are filled only with PermPatientClinical. Every read is audited. Returns
// ErrNotFound, or ErrIntegrity if any stored ciphertext was changed.
func (s *Session) GetPatient(id string) (Patient, error) {
	var p Patient
	err := s.runRead(PermPatientRead, "patient.read", "patient:"+id, func(tx *txn, k *keys) error {
		var err error
		if p, err = k.loadPatient(tx, id, s.readableColumns()); err != nil {
			return err
		}
		return s.audit(tx, k, "patient.read", "patient:"+id, outcomeOK, s.readDetail())
	})
	if err != nil {
		return Patient{}, err
	}
	return p, nil
}

func (s *Session) readableColumns() []string {
	if s.User().Role.Can(PermPatientClinical) {
		return patientColumns
	}
	return patientColumns[:clinicalFrom]
}

func (s *Session) readDetail() string {
	if s.User().Role.Can(PermPatientClinical) {
		return "identity+clinical"
	}
	return "identity"
}

// UpdatePatient stores new values for an existing patient. p.Version must
// equal the stored version (else ErrConflict); the returned patient carries
// the next version. Needs PermPatientWrite. Without PermPatientClinical,
// empty Diagnosis and Notes keep their stored values and non-empty ones are
// denied. Changing Restricted needs PermRequestDecide; a restricted patient
// accepts no other change (ErrRestricted).
func (s *Session) UpdatePatient(p Patient) (Patient, error) {
	now := s.v.now().UTC()
	if p.Sex == "" {
		p.Sex = "unknown"
	}
	if err := p.validate(now); err != nil {
		return Patient{}, err
	}
	object := "patient:" + p.ID
	var out Patient
	err := s.run(PermPatientWrite, "patient.update", object, func(tx *txn, k *keys) error {
		old, err := k.loadPatient(tx, p.ID, s.readableColumns())
		if err != nil {
			return err
		}
		if out, err = s.mergeUpdate(old, p, now); err != nil {
			return err
		}
		if err := rewritePatient(tx, k, old, out); err != nil {
			return err
		}
		return s.audit(tx, k, "patient.update", object, outcomeOK, fmt.Sprintf("version=%d", out.Version))
	})
	if err != nil {
		return Patient{}, err
	}
	if !s.User().Role.Can(PermPatientClinical) {
		out.Diagnosis, out.Notes = "", ""
	}
	return out, nil
}

// mergeUpdate applies the permission, restriction and version rules.
func (s *Session) mergeUpdate(old, p Patient, now time.Time) (Patient, error) {
	if p.Version != old.Version {
		return Patient{}, fmt.Errorf("%w: patient %s is at version %d, update was based on %d", ErrConflict, p.ID, old.Version, p.Version)
	}
	role := s.User().Role
	if !role.Can(PermPatientClinical) {
		if p.Diagnosis != "" || p.Notes != "" {
			return Patient{}, s.requireFor(PermPatientClinical)
		}
		p.Diagnosis, p.Notes = old.Diagnosis, old.Notes
	}
	if p.Restricted != old.Restricted {
		if err := s.requireFor(PermRequestDecide); err != nil {
			return Patient{}, err
		}
	}
	if old.Restricted && p.Restricted {
		return Patient{}, fmt.Errorf("%w: patient %s", ErrRestricted, p.ID)
	}
	if old.Restricted && !sameContent(old, p) {
		return Patient{}, fmt.Errorf("%w: patient %s: lift the restriction without changing other fields", ErrRestricted, p.ID)
	}
	p.Version, p.CreatedAt, p.UpdatedAt = old.Version+1, old.CreatedAt, now
	p.LastClinicalAt = lastClinical(old, p, now)
	return p, nil
}

func sameContent(a, b Patient) bool {
	av, bv := a.encryptedValues(), b.encryptedValues()
	for i := range av {
		if av[i] != bv[i] {
			return false
		}
	}
	return true
}

// rewritePatient re-encrypts the columns the session's keys can seal with
// fresh nonces under the existing data key, bound to the new version, in
// record format (a row still in per-field format is upgraded here), and
// rebuilds the blind-index rows. Without the clinical key the clinical
// columns are left as they are (their clinical version too).
func rewritePatient(tx *txn, k *keys, old, p Patient) error {
	dk, err := k.dataKey(tx, p.ID)
	if err != nil {
		return err
	}
	defer clear(dk)
	rv := rowVersion{version: p.Version}
	withClinical := k.cat[catClinical] != nil
	if withClinical {
		rv.clinical = p.Version
	} else if err := tx.QueryRow("SELECT clinical_version FROM patients WHERE id = ?", p.ID).Scan(&rv.clinical); err != nil {
		return fmt.Errorf("vault: read patient %s: %w", p.ID, err)
	}
	row, err := k.sealRow(dk, p, rv, withClinical, freshRowNonces())
	if err != nil {
		return err
	}
	args := append([]any{p.Version, p.Restricted, p.UpdatedAt.UnixNano(), unixOrZero(p.LastClinicalAt), rv.clinical}, row.values()...)
	args = append(args, p.ID)
	if _, err := tx.Exec("UPDATE patients SET version = ?, restricted = ?, updated_at = ?, last_clinical_at = ?, clinical_version = ?, "+row.assignments()+" WHERE id = ?", args...); err != nil {
		return fmt.Errorf("vault: update patient %s: %w", p.ID, err)
	}
	return rewriteIndex(tx, k, old, p)
}

// DeletePatient erases a patient: the data key row (crypto-shredding), the
// encrypted row and the blind-index rows, then checkpoints the WAL so no page
// copy survives there. Needs PermPatientDelete. Returns ErrNotFound.
func (s *Session) DeletePatient(id string) error {
	object := "patient:" + id
	err := s.run(PermPatientDelete, "patient.delete", object, func(tx *txn, k *keys) error {
		if err := eraseIndex(tx, k, id); err != nil {
			return err
		}
		res, err := tx.Exec("DELETE FROM patients WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("vault: delete patient %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: patient %s", ErrNotFound, id)
		}
		if err := deletePatientSecrets(tx, id); err != nil {
			return err
		}
		anchor, err := s.v.journal(tx, k, "delete", id, "", "", s.v.now())
		if err != nil {
			return err
		}
		return s.audit(tx, k, "patient.delete", object, outcomeOK, "data key destroyed journal="+anchor)
	})
	if err != nil {
		return err
	}
	return errors.Join(s.v.syncJournalFile(), s.v.checkpointClean())
}

// eraseIndex removes a patient's index rows: by key when the record
// decrypts, by a full scan when it does not (erasure must not fail because a
// record was damaged).
func eraseIndex(tx *txn, k *keys, id string) error {
	p, err := k.loadPatient(tx, id, summaryColumns)
	switch {
	case errors.Is(err, ErrNotFound):
		return err
	case err != nil:
		if _, err = tx.Exec(qDeleteIndexOf, id); err != nil {
			return err
		}
		_, err = tx.Exec(qDeleteMRNOf, id)
		return err
	}
	return deleteIndex(tx, k, p)
}

// deletePatientSecrets removes the patient's data and subject keys and every
// row sealed under them (rectification history, consent and request
// secrets), so a deleted or erased patient leaves no ciphertext behind, not
// even one nobody can decrypt. What an erasure kept under the retention key
// stays.
func deletePatientSecrets(tx *txn, id string) error {
	for _, q := range []string{
		"DELETE FROM patient_keys WHERE patient_id = ?",
		"DELETE FROM subject_keys WHERE subject_id = ?",
		"DELETE FROM patient_history WHERE patient_id = ? AND key_kind <> 'retention'",
		"DELETE FROM subject_secrets WHERE subject_id = ? AND key_kind IN ('patient', 'subject')",
	} {
		if _, err := tx.Exec(q, id); err != nil {
			return fmt.Errorf("vault: delete data key and sealed rows of patient %s: %w", id, err)
		}
	}
	return nil
}

// FindPatients looks patients up through the blind indexes and confirms each
// candidate after decryption. Needs PermPatientRead; audited with the number
// of results (never the query). Returns *ValidationError for an empty query.
func (s *Session) FindPatients(q Query) ([]PatientSummary, error) {
	if strings.TrimSpace(q.Name) == "" && q.BirthDate.IsZero() && normaliseMRN(q.MRN) == "" {
		return nil, invalidRule("query", RuleSearchQuery)
	}
	var out []PatientSummary
	err := s.runRead(PermPatientRead, "patient.search", "", func(tx *txn, k *keys) error {
		ids, err := k.findCandidates(tx, q)
		if err != nil {
			return err
		}
		if out, err = k.summaries(tx, ids, q.matches); err != nil {
			return err
		}
		shown, err := shownDetail(tx, shownIDs(out))
		if err != nil {
			return err
		}
		return s.audit(tx, k, "patient.search", "", outcomeOK, fmt.Sprintf("results=%d %s", len(out), shown))
	})
	return out, err
}

// findCandidates looks q up in the most selective blind index. A name with
// a birth date takes the patients in the birth-date index that also have a
// name row for the name (a point lookup per patient born that day), so a
// given name with a birth date is as selective as a full name with one.
func (k *keys) findCandidates(tx *txn, q Query) ([]string, error) {
	name := normaliseName(q.Name)
	switch {
	case normaliseMRN(q.MRN) != "":
		return candidates(tx, qCandidatesMRN, k.mrnMAC(q.MRN))
	case name != "" && !q.BirthDate.IsZero():
		return candidates(tx, qCandidatesNameDOB, k.dobMAC(q.BirthDate), k.nameMAC(name))
	case name != "":
		return candidates(tx, qCandidates, indexName, k.nameMAC(name))
	}
	return candidates(tx, qCandidates, indexDOB, k.dobMAC(q.BirthDate))
}

// candidates returns matching patient ids in creation order.
func candidates(tx *txn, query string, args ...any) ([]string, error) {
	return queryIDs(tx, "search", query, args...)
}

// queryIDs runs a query selecting one text column (ids) and returns its
// values in order; what names the operation in errors.
func queryIDs(tx *txn, what, query string, args ...any) ([]string, error) {
	rows, err := tx.Query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("vault: %s: %w", what, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// summaries decrypts the summary columns of ids, keeping those keep accepts.
func (k *keys) summaries(tx *txn, ids []string, keep func(Patient) bool) ([]PatientSummary, error) {
	out := []PatientSummary{}
	for _, id := range ids {
		p, err := k.loadPatient(tx, id, summaryColumns)
		if err != nil {
			return nil, err
		}
		if keep(p) {
			out = append(out, p.summary())
		}
	}
	return out, nil
}

// CountPatients returns the number of patients. Needs PermPatientRead.
func (s *Session) CountPatients() (int, error) {
	var n int
	err := s.runRead(PermPatientRead, "patient.count", "", func(tx *txn, k *keys) error {
		return tx.QueryRow("SELECT count(*) FROM patients").Scan(&n)
	})
	return n, err
}

// maxPage bounds ListPatients.
const maxPage = 1000

// ListPatients returns up to limit patients after skipping offset, in
// creation order. Needs PermPatientRead; audited with offset and count.
func (s *Session) ListPatients(offset, limit int) ([]PatientSummary, error) {
	if offset < 0 {
		return nil, invalidRule("offset", RuleNegative)
	}
	if limit < 1 || limit > maxPage {
		return nil, invalidValues("limit", RulePageLimit, []string{strconv.Itoa(maxPage)}, maxPage)
	}
	var out []PatientSummary
	err := s.runRead(PermPatientRead, "patient.list", "", func(tx *txn, k *keys) error {
		ids, err := pageIDs(tx, offset, limit)
		if err != nil {
			return err
		}
		if out, err = k.summaries(tx, ids, func(Patient) bool { return true }); err != nil {
			return err
		}
		shown, err := shownDetail(tx, ids)
		if err != nil {
			return err
		}
		return s.audit(tx, k, "patient.list", "", outcomeOK, fmt.Sprintf("offset=%d results=%d %s", offset, len(out), shown))
	})
	return out, err
}

func pageIDs(tx *txn, offset, limit int) ([]string, error) {
	return queryIDs(tx, "list patients", "SELECT id FROM patients ORDER BY seq LIMIT ? OFFSET ?", limit, offset)
}
