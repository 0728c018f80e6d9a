package vault

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/chacha20poly1305"

	"custodia/consent"
)

// RetentionItems lists the patient records the retention schedule applies
// to: for every patient in the vault, one item per record category it holds
// (identity always; contact and clinical when any of their fields is set;
// the vault holds no billing records). RecordID is "patient:<id>/<category>".
// TriggerAt is the date the stored rule of the category counts from:
// CreatedAt for a "created" rule, else the last treatment (LastClinicalAt,
// or CreatedAt for a record that never held clinical data). Hold is set
// while the patient has an open data-subject request or is restricted.
//
// Presence is read without decrypting where the ciphertext length shows a
// non-empty value; only short values are decrypted. Needs PermGovernance;
// audited once with the number of items.
func (s *Session) RetentionItems() ([]consent.RetentionItem, error) {
	var out []consent.RetentionItem
	err := s.runRead(PermGovernance, "retention.items", "", func(tx *txn, k *keys) error {
		rules, err := listRetentionRules(tx)
		if err != nil {
			return err
		}
		openReqs, err := openRequestSubjects(tx)
		if err != nil {
			return err
		}
		if out, err = k.retentionItems(tx, rules, openReqs); err != nil {
			return err
		}
		return s.audit(tx, k, "retention.items", "", outcomeOK, fmt.Sprintf("items=%d", len(out)))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// presenceColumns are the columns RetentionItems inspects: contact, then clinical.
var presenceColumns = []string{"address", "postcode", "phone", "email", "diagnosis", "notes"}

// retentionRow is what RetentionItems reads of one patient.
type retentionRow struct {
	p       Patient
	wrapped []byte
	cts     [][]byte
}

func (k *keys) retentionItems(tx *txn, rules []consent.RetentionRule, open map[string]bool) ([]consent.RetentionItem, error) {
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM patients").Scan(&n); err != nil {
		return nil, fmt.Errorf("vault: retention items: %w", err)
	}
	out := make([]consent.RetentionItem, 0, 3*n) // sized up front: growing it was a third of the time
	clin, err := clinicalSubjects(tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query("SELECT p.id, p.restricted, p.created_at, p.last_clinical_at, k.wrapped_key, p." +
		strings.Join(presenceColumns, ", p.") + " FROM patients p JOIN patient_keys k ON k.patient_id = p.id ORDER BY p.seq")
	if err != nil {
		return nil, fmt.Errorf("vault: retention items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r := retentionRow{cts: make([][]byte, len(presenceColumns))}
		var created, clinical int64
		dest := []any{&r.p.ID, &r.p.Restricted, &created, &clinical, &r.wrapped}
		for i := range r.cts {
			dest = append(dest, &r.cts[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("vault: retention items: %w", err)
		}
		r.p.CreatedAt, r.p.LastClinicalAt = time.Unix(0, created).UTC(), timeOrZero(clinical)
		cats, err := k.heldCategories(r)
		if err != nil {
			return nil, err
		}
		cats = withClinicalRows(cats, clin[r.p.ID])
		hold := r.p.Restricted || open[r.p.ID]
		for _, c := range cats {
			out = append(out, consent.RetentionItem{RecordID: "patient:" + r.p.ID + "/" + string(c), SubjectID: r.p.ID,
				Category: c, TriggerAt: triggerOf(rules, c, r.p), Hold: hold})
		}
	}
	return out, rows.Err()
}

// emptySealed is the length of a sealed empty (padded) value: version byte,
// nonce, one pad block and the tag. A longer ciphertext holds a value.
const emptySealed = 1 + chacha20poly1305.NonceSizeX + padBlock + chacha20poly1305.Overhead

// heldCategories returns the patient record categories r holds, decrypting
// only ciphertexts too short to tell.
func (k *keys) heldCategories(r retentionRow) ([]consent.RecordCategory, error) {
	out := []consent.RecordCategory{consent.RecIdentity} // names and birth date are required
	var dk []byte
	defer func() { clear(dk) }()
	for i, c := range presenceColumns {
		cat := fieldCategory(c)
		if slices.Contains(out, cat) {
			continue
		}
		if len(r.cts[i]) > emptySealed {
			out = append(out, cat)
			continue
		}
		if dk == nil {
			var err error
			if dk, err = open(k.wrap, r.wrapped, k.keyAD(r.p.ID)); err != nil {
				return nil, fmt.Errorf("%w: patient %s data key", ErrIntegrity, r.p.ID)
			}
		}
		held, err := k.nonEmpty(dk, r.p.ID, c, r.cts[i])
		if err != nil {
			return nil, err
		}
		if held {
			out = append(out, cat)
		}
	}
	return out, nil
}

// nonEmpty decrypts one column and reports whether it holds a value.
func (k *keys) nonEmpty(dk []byte, patientID, column string, ct []byte) (bool, error) {
	pt, err := open(dk, ct, k.fieldAD(patientID, column))
	if err == nil {
		defer clear(pt)
		pt, err = unpad(pt)
	}
	if err != nil {
		return false, fmt.Errorf("%w: patient %s column %s", ErrIntegrity, patientID, column)
	}
	return len(pt) > 0, nil
}

// triggerOf is when the trigger of the category's rule happened for p.
func triggerOf(rules []consent.RetentionRule, c consent.RecordCategory, p Patient) time.Time {
	if r, ok := consent.RuleFor(rules, c); ok && r.Trigger == consent.TriggerCreated {
		return p.CreatedAt
	}
	return lastTreatment(p)
}

// lastTreatment is the patient's last clinical activity, or its creation
// for a record that never held clinical data (care ended at registration).
func lastTreatment(p Patient) time.Time {
	if p.LastClinicalAt.IsZero() {
		return p.CreatedAt
	}
	return p.LastClinicalAt
}

// openRequestSubjects returns the subjects with a data-subject request not
// yet completed, denied or withdrawn.
func openRequestSubjects(tx *txn) (map[string]bool, error) {
	rows, err := tx.Query("SELECT DISTINCT subject_id FROM dsr_requests WHERE state NOT IN (?, ?, ?)",
		consent.StateCompleted, consent.StateDenied, consent.StateWithdrawn)
	if err != nil {
		return nil, fmt.Errorf("vault: retention items: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
