package vault

import (
	"cmp"
	"database/sql"
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

// presenceGroups are the record categories RetentionItems looks for
// beyond identity, with their columns.
var presenceGroups = []struct {
	cat     consent.RecordCategory
	columns []string
}{
	{consent.RecContact, []string{"address", "postcode", "phone", "email"}},
	{consent.RecClinical, []string{"diagnosis", "notes"}},
}

// emptySealed is the length of a sealed empty (padded) value: version byte,
// nonce, one pad block and the tag. A longer ciphertext holds a value.
const emptySealed = 1 + chacha20poly1305.NonceSizeX + padBlock + chacha20poly1305.Overhead

// retentionQuery reads each patient in table order with, per presence
// group, whether one of its ciphertexts is longer than a sealed empty value
// (then the category is held: nothing to decrypt). Only for the other
// groups does it return the short ciphertexts, and the patient's wrapped
// data key when there is any, so most rows carry no blob at all and need
// no join. Columns: id, seq, restricted, created_at, last_clinical_at, one
// flag per group, the ciphertexts of every group's columns, the wrapped key.
func retentionQuery() string {
	var sure []string
	cols := []string{"p.id", "p.seq", "p.restricted", "p.created_at", "p.last_clinical_at"}
	for _, g := range presenceGroups {
		var long []string
		for _, c := range g.columns {
			long = append(long, fmt.Sprintf("length(p.%s) > %d", c, emptySealed))
		}
		sure = append(sure, "("+strings.Join(long, " OR ")+")")
	}
	cols = append(cols, sure...)
	for gi, g := range presenceGroups {
		for _, c := range g.columns {
			cols = append(cols, fmt.Sprintf("CASE WHEN NOT %s THEN p.%s END", sure[gi], c))
		}
	}
	cols = append(cols, fmt.Sprintf("CASE WHEN NOT (%s) THEN (SELECT k.wrapped_key FROM patient_keys k WHERE k.patient_id = p.id) END",
		strings.Join(sure, " AND ")))
	return "SELECT " + strings.Join(cols, ", ") + " FROM patients p"
}

// retentionRow is what RetentionItems reads of one patient; the byte
// slices are only valid until the next row.
type retentionRow struct {
	p                 Patient
	seq               int64
	created, clinical int64 // unix nanoseconds as stored
	sure              []bool
	cts               []sql.RawBytes // per column of every group, in order; nil when its group is sure
	wrapped           sql.RawBytes
}

func newRetentionRow() (*retentionRow, []any) {
	n := 0
	for _, g := range presenceGroups {
		n += len(g.columns)
	}
	r := &retentionRow{sure: make([]bool, len(presenceGroups)), cts: make([]sql.RawBytes, n)}
	dest := []any{&r.p.ID, &r.seq, &r.p.Restricted, &r.created, &r.clinical}
	for i := range r.sure {
		dest = append(dest, &r.sure[i])
	}
	for i := range r.cts {
		dest = append(dest, &r.cts[i])
	}
	return r, append(dest, &r.wrapped)
}

func (k *keys) retentionItems(tx *txn, rules []consent.RetentionRule, open map[string]bool) ([]consent.RetentionItem, error) {
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM patients").Scan(&n); err != nil {
		return nil, fmt.Errorf("vault: retention items: %w", err)
	}
	out := make([]consent.RetentionItem, 0, 3*n) // sized up front: growing it was a third of the time
	seqs := make([]int64, 0, n)
	// Table order, not ORDER BY seq: walking the seq index cost a table
	// lookup per patient. Rows come in creation order anyway; sortBySeq
	// restores it if a VACUUM ever renumbered them.
	rows, err := tx.Query(retentionQuery())
	if err != nil {
		return nil, fmt.Errorf("vault: retention items: %w", err)
	}
	defer rows.Close()
	r, dest := newRetentionRow()
	var cats []consent.RecordCategory
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("vault: retention items: %w", err)
		}
		r.p.CreatedAt, r.p.LastClinicalAt = time.Unix(0, r.created).UTC(), timeOrZero(r.clinical)
		if cats, err = k.heldCategories(r, cats[:0]); err != nil {
			return nil, err
		}
		hold := r.p.Restricted || open[r.p.ID]
		for _, c := range cats {
			out = append(out, consent.RetentionItem{RecordID: "patient:" + r.p.ID + "/" + string(c), SubjectID: r.p.ID,
				Category: c, TriggerAt: triggerOf(rules, c, r.p), Hold: hold})
		}
		seqs = append(seqs, r.seq)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return sortBySeq(out, seqs), nil
}

// sortBySeq orders items (consecutive per patient, patients in the order
// of seqs) by patient creation number, keeping each patient's items in order.
func sortBySeq(items []consent.RetentionItem, seqs []int64) []consent.RetentionItem {
	if slices.IsSorted(seqs) {
		return items
	}
	seqOf := make(map[string]int64, len(seqs))
	i := 0
	for _, sq := range seqs {
		id := items[i].SubjectID
		seqOf[id] = sq
		for i < len(items) && items[i].SubjectID == id {
			i++
		}
	}
	slices.SortStableFunc(items, func(a, b consent.RetentionItem) int { return cmp.Compare(seqOf[a.SubjectID], seqOf[b.SubjectID]) })
	return items
}

// heldCategories appends to out the patient record categories r holds:
// identity always (names and birth date are required), a group whose flag
// says a long ciphertext, and a group one of whose short ciphertexts
// decrypts to a value.
func (k *keys) heldCategories(r *retentionRow, out []consent.RecordCategory) ([]consent.RecordCategory, error) {
	out = append(out, consent.RecIdentity)
	var dk []byte
	defer func() { clear(dk) }()
	col := 0
	for gi, g := range presenceGroups {
		cts := r.cts[col : col+len(g.columns)]
		col += len(g.columns)
		if r.sure[gi] {
			out = append(out, g.cat)
			continue
		}
		for ci, c := range g.columns {
			if dk == nil {
				var err error
				if dk, err = open(k.wrap, r.wrapped, k.keyAD(r.p.ID)); err != nil {
					return nil, fmt.Errorf("%w: patient %s data key", ErrIntegrity, r.p.ID)
				}
			}
			held, err := k.nonEmpty(dk, r.p.ID, c, cts[ci])
			if err != nil {
				return nil, err
			}
			if held {
				out = append(out, g.cat)
				break
			}
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
