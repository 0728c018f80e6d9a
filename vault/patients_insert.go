package vault

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// multiInsert is an INSERT of cols columns that takes several rows per
// statement. New patients are stored with a handful of such statements per
// batch instead of five statements per patient: with prepared statements the
// per-statement work (binding, stepping, database/sql bookkeeping) was most
// of the CPU time of a batched import.
// multiRowSizes are the row counts prepared for each multiInsert (largest
// first); any count is stored as a sum of them.
var multiRowSizes = [...]int{64, 16, 4, 1}

type multiInsert struct {
	cols    int
	queries [len(multiRowSizes)]string // for multiRowSizes[i] rows
}

func newMultiInsert(head string, cols int) multiInsert { return newMultiInsertTail(head, "", cols) }

// newMultiInsertTail is newMultiInsert for statements that go on after the
// rows (tail).
func newMultiInsertTail(head, tail string, cols int) multiInsert {
	return newMultiInsertRow(head, "(?"+strings.Repeat(", ?", cols-1)+")", tail, cols)
}

// newPatientInsert stores new patients in record format: the per-field
// identity columns are constants in the statement (empty), not values.
func newPatientInsert() multiInsert {
	cols := []string{"id", "seq", "version", "restricted", "created_at", "updated_at", "last_clinical_at", "clinical_version"}
	for _, r := range patientRecords {
		cols = append(cols, r.column)
	}
	cols = append(cols, patientColumns[clinicalFrom:]...)
	n := len(cols)
	row := "(?" + strings.Repeat(", ?", n-1) + strings.Repeat(", x''", clinicalFrom) + ")"
	cols = append(cols, patientColumns[:clinicalFrom]...)
	return newMultiInsertRow("INSERT OR FAIL INTO patients ("+strings.Join(cols, ", ")+") VALUES ", row, "", n)
}

// newMultiInsertRow is newMultiInsertTail with the row given (cols
// placeholders).
func newMultiInsertRow(head, row, tail string, cols int) multiInsert {
	m := multiInsert{cols: cols}
	for i, n := range multiRowSizes {
		m.queries[i] = head + row + strings.Repeat(", "+row, n-1) + tail
	}
	return m
}

var (
	insKeys     = newMultiInsert("INSERT OR FAIL INTO patient_keys (patient_id, wrapped_key) VALUES ", 2)
	insPatients = newPatientInsert()
	insIndex    = newMultiInsertTail(insertIndexHead, insertIndexTail, 3)
	insMRN      = newMultiInsert("INSERT OR FAIL INTO patient_mrn (mac, patient_seq) VALUES ", 2)
	insAudit    = newMultiInsert("INSERT OR FAIL INTO audit_log (seq, at, user_id, action, object, outcome, detail, mac, signer, sig) VALUES ", 10)
)

func multiInsertQueries() []string {
	var qs []string
	for _, m := range []multiInsert{insKeys, insPatients, insIndex, insMRN, insAudit} {
		qs = append(qs, m.queries[:]...)
	}
	return qs
}

// exec inserts len(args)/m.cols rows, largest prepared statements first.
func (m multiInsert) exec(tx *txn, args []any) error {
	if len(args)%m.cols != 0 {
		return fmt.Errorf("vault: %d values for rows of %d columns", len(args), m.cols)
	}
	for n := len(args) / m.cols; n > 0; {
		i := 0
		for multiRowSizes[i] > n {
			i++
		}
		size := multiRowSizes[i]
		if _, err := tx.Exec(m.queries[i], args[:size*m.cols]...); err != nil {
			return err
		}
		args, n = args[size*m.cols:], n-size
	}
	return nil
}

// insertChunk bounds how many patients are sealed and held in memory at once.
const insertChunk = 128

// insertPatients stores new patients (IDs assigned, validated) with creation
// numbers from seq on: data keys, sealed rows, blind-index rows and one
// audit entry per patient, chained in patient order.
func (s *Session) insertPatients(tx *txn, k *keys, ps []Patient, seq int64) error {
	ix := k.indexer()
	if err := ix.mrnsDistinct(ps); err != nil {
		return err
	}
	for from := 0; from < len(ps); from += insertChunk {
		chunk := ps[from:min(from+insertChunk, len(ps))]
		if err := s.insertChunk(tx, k, ix, chunk, seq+int64(from)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) insertChunk(tx *txn, k *keys, ix *indexer, ps []Patient, seq int64) error {
	keyArgs := make([]any, 0, insKeys.cols*len(ps))
	rowArgs := make([]any, 0, insPatients.cols*len(ps))
	idx := make([]indexRow, 0, maxIndexRows*len(ps))
	mrnArgs := make([]any, 0, insMRN.cols*len(ps))
	entries := make([]AuditEntry, 0, len(ps))
	userID := s.User().ID
	for i, p := range ps {
		wrapped, row, cv, err := k.sealNew(p)
		if err != nil {
			return err
		}
		keyArgs = append(keyArgs, p.ID, wrapped)
		rowArgs = append(rowArgs, p.ID, seq+int64(i), p.Version, p.Restricted, p.CreatedAt.UnixNano(), p.UpdatedAt.UnixNano(), unixOrZero(p.LastClinicalAt), cv)
		rowArgs = append(rowArgs, row.records[0], row.records[1], row.clinical[0], row.clinical[1])
		for _, e := range ix.entries(p) {
			if e.kind == indexMRN {
				mrnArgs = append(mrnArgs, e.mac, seq+int64(i))
			} else {
				idx = append(idx, indexRow{e.kind, e.mac, seq + int64(i)})
			}
		}
		entries = append(entries, AuditEntry{Time: s.v.now(), UserID: userID, Action: "patient.create", Object: "patient:" + p.ID, Outcome: outcomeOK})
	}
	first := ps[0].ID
	if err := insKeys.exec(tx, keyArgs); err != nil {
		return fmt.Errorf("vault: store data keys of patients from %s: %w", first, err)
	}
	if err := insPatients.exec(tx, rowArgs); err != nil {
		return fmt.Errorf("vault: store patients from %s: %w", first, err)
	}
	if err := insIndex.exec(tx, sortedIndexArgs(idx)); err != nil {
		return fmt.Errorf("vault: index of patients from %s: %w", first, err)
	}
	if err := insMRN.exec(tx, mrnArgs); err != nil {
		return k.mrnInsertError(tx, ps, err)
	}
	return s.v.appendEntries(tx, k, entries)
}

// indexRow is one patient_index row about to be inserted.
type indexRow struct {
	kind int
	mac  []byte
	seq  int64
}

// sortedIndexArgs returns the rows' values in primary-key order. The MACs
// are random, so unsorted rows jump all over the index B-tree; in key
// order each insert lands next to the previous one, on a page SQLite has
// just loaded and whose path from the root it has just walked.
func sortedIndexArgs(rows []indexRow) []any {
	slices.SortFunc(rows, func(a, b indexRow) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), bytes.Compare(a.mac, b.mac), cmp.Compare(a.seq, b.seq))
	})
	args := make([]any, 0, insIndex.cols*len(rows))
	for _, r := range rows {
		args = append(args, r.kind, r.mac, r.seq)
	}
	return args
}

// sealNew makes a data key for a new patient and seals it and p's fields
// in record format; without the clinical key the clinical columns are
// stored empty with clinical version 0 (never written).
func (k *keys) sealNew(p Patient) (wrapped []byte, row sealedPatient, clinicalVersion int64, err error) {
	wrap, err := k.needWrap()
	if err != nil {
		return nil, row, 0, err
	}
	// One read of the random source: the data key, its wrapping nonce and
	// the nonces of the row's ciphertexts.
	const nonceLen = chacha20poly1305.NonceSizeX
	random := randomBytes(keyLen + nonceLen + sealedNonces*nonceLen)
	defer clear(random[:keyLen])
	dk := random[:keyLen]
	wrapAEAD, err := chacha20poly1305.NewX(wrap)
	if err != nil {
		return nil, row, 0, fmt.Errorf("vault: cipher: %w", err)
	}
	wrapped = sealWith(wrapAEAD, random[keyLen:keyLen+nonceLen], dk, k.keyAD(p.ID))
	withClinical := k.cat[catClinical] != nil
	rv := rowVersion{version: p.Version}
	if withClinical {
		rv.clinical = p.Version
	}
	if row, err = k.sealRow(dk, p, rv, withClinical, random[keyLen+nonceLen:]); err != nil {
		return nil, row, 0, err
	}
	for i := range row.clinical {
		if row.clinical[i] == nil {
			row.clinical[i] = []byte{}
		}
	}
	return wrapped, row, rv.clinical, nil
}

// mrnsDistinct returns ErrExists if two new patients share an MRN.
func (ix *indexer) mrnsDistinct(ps []Patient) error {
	seen := map[string]string{}
	for _, p := range ps {
		if normaliseMRN(p.MRN) == "" {
			continue
		}
		m := string(ix.mrnMAC(p.MRN))
		if other, ok := seen[m]; ok {
			return fmt.Errorf("%w: MRN of patient %s is already assigned to patient %s", ErrExists, p.ID, other)
		}
		seen[m] = p.ID
	}
	return nil
}

// mrnInsertError explains a failed MRN index insert: for an MRN taken by a
// stored patient it names both ids (ErrExists).
func (k *keys) mrnInsertError(tx *txn, ps []Patient, err error) error {
	if !strings.Contains(err.Error(), "UNIQUE constraint failed: patient_mrn.mac") {
		return fmt.Errorf("vault: MRN index of patients from %s: %w", ps[0].ID, err)
	}
	for _, p := range ps {
		if normaliseMRN(p.MRN) == "" {
			continue
		}
		if ferr := mrnFree(tx, k.mrnMAC(p.MRN), p.ID); ferr != nil {
			return ferr
		}
	}
	return fmt.Errorf("%w: MRN of a patient from %s is already assigned", ErrExists, ps[0].ID)
}
