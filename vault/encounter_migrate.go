package vault

import (
	"fmt"
	"strings"
	"time"
)

// migrationDiagnosis is the one-time move of the former single diagnosis
// field into encounters (clinical_migrations, schema migration 0060).
const migrationDiagnosis = "diagnosis-to-encounter"

// migrateDiagnoses runs the pending diagnosis move at the first unlock by a
// role that may write clinical data (it needs the patients' keys, so it
// cannot be a SQL migration). In one transaction, for every patient whose
// diagnosis field holds at least one ICD-10 code: one encounter (kind
// visit, dated on the day the diagnosis was last written, else the day the
// record was created) with those codes, the rest of the text kept as the
// first diagnosis's text; the field is then emptied and the record's
// version raised, so an edit based on the old version conflicts. A field
// without any code is left as it was. Restricted patients are moved too:
// this changes where the data is stored, not what it says. Idempotent: the
// migration is marked done in the same transaction. A failure is audited
// ("clinical.migrate") and leaves everything as it was; the next unlock
// tries again. Never fails the unlock.
func (s *Session) migrateDiagnoses() {
	role := s.User().Role
	if !role.Can(PermPatientWrite) || !role.Can(PermPatientClinical) || !s.diagnosisMovePending() {
		return
	}
	_ = s.run(PermPatientWrite, "clinical.migrate", "", func(tx *txn, k *keys) error {
		if !hasRow(tx, "SELECT 1 FROM clinical_migrations WHERE name = ? AND pending = 1", migrationDiagnosis) {
			return nil // another session finished it
		}
		moved, left, err := s.moveDiagnoses(tx, k)
		if err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE clinical_migrations SET pending = 0, done_at = ?, moved = ? WHERE name = ?",
			s.v.now().UnixNano(), moved, migrationDiagnosis); err != nil {
			return fmt.Errorf("vault: diagnosis migration: %w", err)
		}
		return s.audit(tx, k, "clinical.migrate", "", outcomeOK, fmt.Sprintf("moved=%d without-code=%d", moved, left))
	})
}

func (s *Session) diagnosisMovePending() bool {
	var pending bool
	err := s.v.db.QueryRow("SELECT pending FROM clinical_migrations WHERE name = ?", migrationDiagnosis).Scan(&pending)
	return err == nil && pending
}

// moveDiagnoses moves every movable diagnosis; it returns how many were
// moved and how many were left because they hold no ICD-10 code.
func (s *Session) moveDiagnoses(tx *txn, k *keys) (moved, left int, err error) {
	ids, err := queryIDs(tx, "diagnosis migration", "SELECT id FROM patients ORDER BY seq")
	if err != nil {
		return 0, 0, err
	}
	now := s.v.now().UTC()
	var encs []Encounter
	for _, id := range ids {
		p, err := k.loadPatient(tx, id, []string{"diagnosis"})
		if err != nil {
			return 0, 0, err
		}
		if strings.TrimSpace(p.Diagnosis) == "" {
			continue
		}
		ds := DiagnosesFromText(p.Diagnosis)
		if len(ds) == 0 {
			left++
			continue
		}
		e := Encounter{ID: newPatientID(), PatientID: id, Date: dayOf(lastTreatment(p)), Kind: EncounterVisit, Diagnoses: ds,
			Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := e.validate(now.AddDate(0, 0, 1)); err != nil {
			return 0, 0, fmt.Errorf("vault: diagnosis migration of patient %s: %w", id, err)
		}
		encs = append(encs, e)
		if err := clearDiagnosis(tx, k, p, now); err != nil {
			return 0, 0, err
		}
	}
	if err := s.insertClinicalMode(tx, k, encs, nil, true); err != nil {
		return 0, 0, err
	}
	return len(encs), left, nil
}

// DiagnosesFromText reads ICD-10 codes out of a free diagnosis text (codes
// separated by commas, semicolons or spaces). Words that are not codes
// become the text of the first diagnosis; with no code at all it returns nil.
func DiagnosesFromText(text string) []Diagnosis {
	var ds []Diagnosis
	var rest []string
	for _, tok := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' }) {
		if c := NormaliseICD10(tok); icd10Pattern.MatchString(c) && len(ds) < maxDiagnoses {
			ds = append(ds, Diagnosis{Code: c})
			continue
		}
		rest = append(rest, tok)
	}
	if len(ds) > 0 && len(rest) > 0 {
		t := strings.Join(rest, " ")
		if len(t) > maxClinicalText {
			t = t[:maxClinicalText]
			for !validUTF8Prefix(t) {
				t = t[:len(t)-1]
			}
		}
		ds[0].Text = t
	}
	return ds
}

func validUTF8Prefix(s string) bool { return strings.ToValidUTF8(s, "\x00") == s }

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// clearDiagnosis empties the diagnosis field (re-sealing the record under
// the next version, as an update does).
func clearDiagnosis(tx *txn, k *keys, p Patient, now time.Time) error {
	old, err := k.loadPatient(tx, p.ID, patientColumns)
	if err != nil {
		return err
	}
	cleared := old
	cleared.Diagnosis, cleared.Version, cleared.UpdatedAt = "", old.Version+1, now
	return rewritePatient(tx, k, old, cleared)
}
