package vault

import (
	"bytes"
	"cmp"
	"crypto/cipher"
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
	mrns, err := ix.newMRNs(ps)
	if err != nil {
		return err
	}
	for from := 0; from < len(ps); from += insertChunk {
		to := min(from+insertChunk, len(ps))
		if err := s.insertChunk(tx, k, ix, ps[from:to], mrns[from:to], seq+int64(from)); err != nil {
			return err
		}
	}
	return nil
}

// insertChunk stores one chunk of new patients; mrns are their MRN MACs
// (nil: no MRN).
func (s *Session) insertChunk(tx *txn, k *keys, ix *indexer, ps []Patient, mrns [][]byte, seq int64) error {
	sb, err := k.newSealBatch(ps)
	if err != nil {
		return err
	}
	defer sb.wipe()
	keyArgs := make([]any, 0, insKeys.cols*len(ps))
	rowArgs := make([]any, 0, insPatients.cols*len(ps))
	idx := make([]indexRow, 0, maxIndexRows*len(ps))
	mrnArgs := make([]any, 0, insMRN.cols*len(ps))
	entries := make([]AuditEntry, 0, len(ps))
	ents := make([]indexEntry, 0, maxIndexRows)
	userID := s.User().ID
	for i, p := range ps {
		wrapped, row, cv, err := sb.sealNew(p)
		if err != nil {
			return err
		}
		id, n := any(p.ID), seq+int64(i)
		nb := any(n) // boxed once for the patients, index and MRN rows
		keyArgs = append(keyArgs, id, wrapped)
		rowArgs = append(rowArgs, id, nb, p.Version, p.Restricted, p.CreatedAt.UnixNano(), p.UpdatedAt.UnixNano(), unixOrZero(p.LastClinicalAt), cv)
		rowArgs = append(rowArgs, row.records[0], row.records[1], row.clinical[0], row.clinical[1])
		ents = ix.appendSearchEntries(ents[:0], p)
		for _, e := range ents {
			idx = append(idx, indexRow{e.kind, e.mac, n, nb})
		}
		if mrns[i] != nil {
			mrnArgs = append(mrnArgs, mrns[i], nb)
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
	kind   int
	mac    []byte
	seq    int64
	seqArg any // seq as a statement argument
}

// compareIndexRows orders rows by primary key (kind, mac, seq; the epoch
// follows from seq and rows of one batch share it or ascend with seq).
func compareIndexRows(a, b indexRow) int {
	if a.kind != b.kind {
		return cmp.Compare(a.kind, b.kind)
	}
	if c := bytes.Compare(a.mac, b.mac); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// sortedIndexArgs returns the rows' values in primary-key order. The MACs
// are random, so unsorted rows jump all over the index B-tree; in key
// order each insert lands next to the previous one, on a page SQLite has
// just loaded and whose path from the root it has just walked.
func sortedIndexArgs(rows []indexRow) []any {
	slices.SortFunc(rows, compareIndexRows)
	args := make([]any, 0, insIndex.cols*len(rows))
	for _, r := range rows {
		args = append(args, r.kind, r.mac, r.seqArg)
	}
	return args
}

// sealBatch seals the new patients of one chunk: one read of the random
// source for all their data keys and nonces, one wrapping cipher, and
// ciphertexts cut from shared buffers of sealBatchBuffer bytes instead of
// one allocation each.
type sealBatch struct {
	k            *keys
	wrapAEAD     cipher.AEAD
	random       []byte // per patient: data key, wrapping nonce, row nonces
	used         int    // bytes of random handed out
	sc           sealScratch
	withClinical bool
}

// sealBatchBuffer is the size of the buffers a sealBatch's ciphertexts are
// cut from (a new patient's row takes about 500 bytes).
const sealBatchBuffer = 32 << 10

// newPatientRandom is what each new patient takes from sealBatch.random.
const newPatientRandom = keyLen + chacha20poly1305.NonceSizeX + sealedNonces*chacha20poly1305.NonceSizeX

func (k *keys) newSealBatch(ps []Patient) (*sealBatch, error) {
	wrap, err := k.needWrap()
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(wrap)
	if err != nil {
		return nil, fmt.Errorf("vault: cipher: %w", err)
	}
	b := &sealBatch{k: k, wrapAEAD: aead, random: randomBytes(newPatientRandom * len(ps)), withClinical: k.cat[catClinical] != nil}
	b.sc.grow = sealBatchBuffer
	return b, nil
}

// wipe clears the data keys (and nonces) of the batch.
func (b *sealBatch) wipe() { clear(b.random) }

// sealNew makes a data key for a new patient and seals it and p's fields
// in record format; without the clinical key the clinical columns are
// stored empty with clinical version 0 (never written).
func (b *sealBatch) sealNew(p Patient) (wrapped []byte, row sealedPatient, clinicalVersion int64, err error) {
	const nonceLen = chacha20poly1305.NonceSizeX
	if len(b.random)-b.used < newPatientRandom {
		return nil, row, 0, fmt.Errorf("vault: seal batch: more patients than it was made for")
	}
	random := b.random[b.used : b.used+newPatientRandom]
	b.used += newPatientRandom
	dk := random[:keyLen]
	b.sc.take(1 + nonceLen + keyLen + chacha20poly1305.Overhead)
	from := len(b.sc.out)
	b.sc.out = sealAppend(b.sc.out, b.wrapAEAD, random[keyLen:keyLen+nonceLen], dk, b.k.keyAD(p.ID))
	wrapped = b.sc.out[from:len(b.sc.out):len(b.sc.out)]
	rv := rowVersion{version: p.Version}
	if b.withClinical {
		rv.clinical = p.Version
	}
	if row, err = b.k.sealRowInto(dk, p, rv, b.withClinical, random[keyLen+nonceLen:], &b.sc); err != nil {
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
	_, err := ix.newMRNs(ps)
	return err
}

// newMRNs returns the MRN MACs of new patients (nil for a patient without
// an MRN), or ErrExists if two of them share an MRN.
func (ix *indexer) newMRNs(ps []Patient) ([][]byte, error) {
	out := make([][]byte, len(ps))
	seen := make(map[[indexMACLen]byte]int, len(ps))
	for i, p := range ps {
		if normaliseMRN(p.MRN) == "" {
			continue
		}
		out[i] = ix.mrnMAC(p.MRN)
		m := [indexMACLen]byte(out[i])
		if other, ok := seen[m]; ok {
			return nil, fmt.Errorf("%w: MRN of patient %s is already assigned to patient %s", ErrExists, p.ID, ps[other].ID)
		}
		seen[m] = i
	}
	return out, nil
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
