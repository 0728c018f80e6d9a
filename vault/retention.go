package vault

import (
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
	{consent.RecContact, []string{"address", "postcode", "phone", "email", "contact"}}, // contact: the record (migration 0090)
	{consent.RecClinical, []string{"diagnosis", "notes"}},
}

// emptySealed is the length of a sealed empty (padded) value: version byte,
// nonce, one pad block and the tag. A longer ciphertext holds a value.
const emptySealed = 1 + chacha20poly1305.NonceSizeX + padBlock + chacha20poly1305.Overhead

// retentionQuery lists the patients in creation order from the
// patients_retention index (migrations 0081, 0090) alone: id, created_at,
// last_clinical_at and retentionFlags.
func retentionQuery() string {
	return "SELECT id, created_at, last_clinical_at, " + retentionFlags() +
		" FROM patients INDEXED BY patients_retention ORDER BY seq"
}

// restrictedBit is the bit of retentionFlags set for a restricted patient,
// above the presence bits.
var restrictedBit = 1 << len(presenceGroups)

// retentionFlags packs presenceBits and the restriction flag into one
// column (migration 0090 indexes exactly this expression).
func retentionFlags() string {
	return fmt.Sprintf("%s + %d * restricted", presenceBits(), restrictedBit)
}

// presenceBits is the SQL expression whose bit i is set when one of the
// columns of presence group i is longer than a sealed empty value (then
// the category is held; nothing to decrypt). Migration 0050 indexes the
// same expression; SQLite reads the index's copy only when they match.
// One column instead of one per group: every column read costs.
func presenceBits() string {
	var terms []string
	for gi, g := range presenceGroups {
		var long []string
		for _, c := range g.columns {
			long = append(long, fmt.Sprintf("length(%s) > %d", c, emptySealed))
		}
		terms = append(terms, fmt.Sprintf("%d * (%s)", 1<<gi, strings.Join(long, " OR ")))
	}
	return strings.Join(terms, " + ")
}

// retentionPatient is what RetentionItems knows of one patient.
type retentionPatient struct {
	id                string
	created, clinical int64  // unix nanoseconds as stored
	held              []bool // per presence group
	restricted        bool
	sure              bool // every group is known from ciphertext lengths alone
}

// patient returns the fields triggerAt reads.
func (rp *retentionPatient) patient() Patient {
	return Patient{ID: rp.id, Restricted: rp.restricted, CreatedAt: time.Unix(0, rp.created).UTC(), LastClinicalAt: timeOrZero(rp.clinical)}
}

func (k *keys) retentionItems(tx *txn, rules []consent.RetentionRule, open map[string]bool) ([]consent.RetentionItem, error) {
	ps, err := retentionPatients(tx)
	if err != nil {
		return nil, err
	}
	if err := k.decideShort(tx, ps); err != nil {
		return nil, err
	}
	if err := markClinicalRows(tx, ps); err != nil {
		return nil, err
	}
	cats := append([]consent.RecordCategory{consent.RecIdentity}, presenceCategories()...)
	fromCreation := make([]bool, len(cats)) // per category: does its rule count from creation?
	for i, c := range cats {
		fromCreation[i] = countsFromCreation(rules, c)
	}
	ids := newRecordIDs(ps, cats)
	out := make([]consent.RetentionItem, 0, 3*len(ps)) // sized up front: growing it was a third of the time
	for i := range ps {
		rp := &ps[i]
		p := rp.patient()
		hold := rp.restricted || open[rp.id]
		for ci, c := range cats {
			if ci > 0 && !rp.held[ci-1] { // identity is always held: names and birth date are required
				continue
			}
			out = append(out, consent.RetentionItem{RecordID: ids.next(rp.id, c), SubjectID: rp.id, Category: c,
				TriggerAt: triggerAt(fromCreation[ci], p), Hold: hold})
		}
	}
	return out, nil
}

func presenceCategories() []consent.RecordCategory {
	out := make([]consent.RecordCategory, len(presenceGroups))
	for i, g := range presenceGroups {
		out[i] = g.cat
	}
	return out
}

// recordIDs hands out the items' record ids, "patient:<id>/<category>",
// in the order retentionItems makes them, all cut from one string built
// with one allocation instead of one allocation per item (that was a
// quarter of the time).
type recordIDs struct {
	all string
	at  int
}

const recordIDPrefix = "patient:"

func newRecordIDs(ps []retentionPatient, cats []consent.RecordCategory) *recordIDs {
	n := 0
	for i := range ps {
		rp := &ps[i]
		for ci, c := range cats {
			if ci == 0 || rp.held[ci-1] {
				n += len(recordIDPrefix) + len(rp.id) + 1 + len(c)
			}
		}
	}
	var b strings.Builder
	b.Grow(n)
	for i := range ps {
		rp := &ps[i]
		for ci, c := range cats {
			if ci == 0 || rp.held[ci-1] {
				b.WriteString(recordIDPrefix)
				b.WriteString(rp.id)
				b.WriteByte('/')
				b.WriteString(string(c))
			}
		}
	}
	return &recordIDs{all: b.String()}
}

// next is the id of the next item, of patient id and category c.
func (r *recordIDs) next(id string, c consent.RecordCategory) string {
	end := r.at + len(recordIDPrefix) + len(id) + 1 + len(c)
	s := r.all[r.at:end]
	r.at = end
	return s
}

// retentionPatients reads every patient from the retention index.
func retentionPatients(tx *txn) ([]retentionPatient, error) {
	var n int // the newest seq: at least the number of patients, read from its index
	if err := tx.QueryRow("SELECT coalesce(max(seq), 0) FROM patients").Scan(&n); err != nil {
		return nil, fmt.Errorf("vault: retention items: %w", err)
	}
	rows, err := tx.Query(retentionQuery())
	if err != nil {
		return nil, fmt.Errorf("vault: retention items: %w", err)
	}
	defer rows.Close()
	out := make([]retentionPatient, 0, n)
	g := len(presenceGroups)
	flags := make([]bool, n*g) // one allocation for every patient's held flags
	var rp retentionPatient
	var bits int
	dest := []any{&rp.id, &rp.created, &rp.clinical, &bits}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("vault: retention items: %w", err)
		}
		if len(flags) < g { // a patient added since the count
			flags = make([]bool, g)
		}
		rp.held, flags = flags[:g:g], flags[g:]
		for i := range rp.held {
			rp.held[i] = bits&(1<<i) != 0
		}
		rp.restricted = bits&restrictedBit != 0
		rp.sure = bits&(restrictedBit-1) == restrictedBit-1
		out = append(out, rp)
	}
	return out, rows.Err()
}

// shortChunk is how many patients decideShort reads per query.
const shortChunk = 200

// decideShort settles the groups whose ciphertexts are all short (empty or
// a value under one pad block) by decrypting them, reading those patients'
// rows and data keys a chunk at a time.
func (k *keys) decideShort(tx *txn, ps []retentionPatient) error {
	var todo []*retentionPatient
	for i := range ps {
		if !ps[i].sure {
			todo = append(todo, &ps[i])
		}
	}
	for from := 0; from < len(todo); from += shortChunk {
		if err := k.decideChunk(tx, todo[from:min(from+shortChunk, len(todo))]); err != nil {
			return err
		}
	}
	return nil
}

func (k *keys) decideChunk(tx *txn, ps []*retentionPatient) error {
	byID := make(map[string]*retentionPatient, len(ps))
	args := make([]any, len(ps))
	for i, rp := range ps {
		byID[rp.id], args[i] = rp, rp.id
	}
	var cols []string
	for _, g := range presenceGroups {
		cols = append(cols, g.columns...)
	}
	rows, err := tx.Query("SELECT p.id, p.version, p.clinical_version, k.wrapped_key, p."+strings.Join(cols, ", p.")+
		" FROM patients p JOIN patient_keys k ON k.patient_id = p.id WHERE p.id IN (?"+strings.Repeat(", ?", len(ps)-1)+")", args...)
	if err != nil {
		return fmt.Errorf("vault: retention items: %w", err)
	}
	defer rows.Close()
	var id string
	var rv rowVersion
	var wrapped sql.RawBytes
	cts := make([]sql.RawBytes, len(cols))
	dest := []any{&id, &rv.version, &rv.clinical, &wrapped}
	for i := range cts {
		dest = append(dest, &cts[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("vault: retention items: %w", err)
		}
		if rp := byID[id]; rp != nil {
			if err := k.decideGroups(rp, rv, wrapped, cts); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}

// decideGroups decrypts the short ciphertexts of the groups not yet known
// to be held, stopping at a group's first value.
func (k *keys) decideGroups(rp *retentionPatient, rv rowVersion, wrapped []byte, cts []sql.RawBytes) error {
	wrap, err := k.needWrap()
	if err != nil {
		return err
	}
	dk, err := open(wrap, wrapped, k.keyAD(rp.id))
	if err != nil {
		return fmt.Errorf("%w: patient %s data key", ErrIntegrity, rp.id)
	}
	defer clear(dk)
	col := 0
	for gi, g := range presenceGroups {
		group := cts[col : col+len(g.columns)]
		col += len(g.columns)
		if rp.held[gi] {
			continue
		}
		if rp.held[gi], err = k.groupHeld(dk, rp.id, g.columns, group, rv); err != nil {
			return err
		}
	}
	return nil
}

// groupHeld decrypts a presence group's ciphertexts until one holds a
// value: the group's record when the row is in record format, else its
// columns one by one.
func (k *keys) groupHeld(dk []byte, patientID string, columns []string, cts []sql.RawBytes, rv rowVersion) (bool, error) {
	for ci, c := range columns {
		if r := recordIndex(c); r >= 0 && len(cts[ci]) > 0 {
			return k.recordHeld(dk, patientID, r, cts[ci], rv)
		}
	}
	for ci, c := range columns {
		if recordIndex(c) >= 0 {
			continue
		}
		if held, err := k.nonEmpty(dk, patientID, c, cts[ci], rv); err != nil || held {
			return held, err
		}
	}
	return false, nil
}

// recordHeld opens record r and reports whether one of its fields holds a
// value.
func (k *keys) recordHeld(dk []byte, patientID string, r int, ct []byte, rv rowVersion) (bool, error) {
	p := Patient{ID: patientID}
	if err := k.openPatientRecord(dk, &p, r, ct, rv); err != nil {
		return false, err
	}
	values := p.encryptedValues()
	for _, c := range patientRecords[r].fields {
		if values[slices.Index(patientColumns, c)] != "" {
			return true, nil
		}
	}
	return false, nil
}

// nonEmpty decrypts one column and reports whether it holds a value. An
// empty clinical column was never written (clinical version 0).
func (k *keys) nonEmpty(dk []byte, patientID, column string, ct []byte, rv rowVersion) (bool, error) {
	if len(ct) == 0 && clinicalColumn(column) && rv.clinical == 0 {
		return false, nil
	}
	pt, err := k.openFor(columnCategory(column), dk, ct, k.fieldAD(patientID, column, rv))
	if err == nil {
		defer clear(pt)
	}
	if err != nil {
		return false, fmt.Errorf("%w: patient %s column %s", ErrIntegrity, patientID, column)
	}
	return len(pt) > 0, nil
}

// countsFromCreation reports whether the category's rule counts from the
// record's creation; every other trigger counts from the last treatment.
func countsFromCreation(rules []consent.RetentionRule, c consent.RecordCategory) bool {
	r, ok := consent.RuleFor(rules, c)
	return ok && r.Trigger == consent.TriggerCreated
}

// triggerAt is when the trigger of a category's rule happened for p.
func triggerAt(fromCreation bool, p Patient) time.Time {
	if fromCreation {
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
	rows, err := tx.Query("SELECT DISTINCT subject_id FROM dsr_requests WHERE state NOT IN (?, ?, ?, ?)",
		consent.StateCompleted, consent.StateDenied, consent.StateWithdrawn, consent.StateClosed)
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
