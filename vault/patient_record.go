package vault

import (
	"crypto/cipher"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// Patient rows in record format (migration 0090, docs/design.md §9.5): the
// identity-category fields are sealed as two ciphertexts instead of one
// each: the identity record (names, birth date, sex, insurance number,
// MRN) in the column identity, the contact record (address, postcode,
// phone, e-mail) in the column contact. The contact fields have their own
// record because the retention list reads from its length whether they
// hold anything (patients_retention). Diagnosis and notes stay one
// ciphertext each under the clinical key. In a record-format row the ten
// per-field identity columns are empty; a row whose identity and contact
// are empty is in the per-field format of before (read as before, and
// written in record format by its next update or rotation).

// patientRecordFormat is the format number bound into a record's associated data.
const patientRecordFormat = 2

// patientRecords are the record columns and the fields each holds, in
// encoding order.
var patientRecords = [...]struct {
	column string
	fields []string
}{
	{"identity", []string{"given_name", "family_name", "birth_date", "sex", "insurance_number", "mrn"}},
	{"contact", []string{"address", "postcode", "phone", "email"}},
}

// clinicalFields is the number of clinical columns (diagnosis, notes).
const clinicalFields = 2

// recordOf returns the index in patientRecords of the record holding
// column, or -1 for a clinical column.
func recordOf(column string) int {
	for i, r := range patientRecords {
		if slices.Contains(r.fields, column) {
			return i
		}
	}
	return -1
}

// sealedPatient is a patient's sealed values as stored in record format.
type sealedPatient struct {
	records  [len(patientRecords)][]byte
	clinical [clinicalFields][]byte // diagnosis, notes; nil when not written (no clinical key)
}

// values returns the row's sealed values in the order of storedColumns:
// the records, then the clinical columns that are written.
func (r sealedPatient) values() []any {
	out := make([]any, 0, len(r.records)+len(r.clinical))
	for _, b := range r.records {
		out = append(out, b)
	}
	for _, b := range r.clinical {
		if b != nil {
			out = append(out, b)
		}
	}
	return out
}

// assignments is the SET list of an UPDATE storing r (its values() are
// the arguments, in order): the records, the written clinical columns,
// and the per-field identity columns emptied.
func (r sealedPatient) assignments() string {
	var set []string
	for _, rec := range patientRecords {
		set = append(set, rec.column+" = ?")
	}
	for i, c := range patientColumns[clinicalFrom:] {
		if r.clinical[i] != nil {
			set = append(set, c+" = ?")
		}
	}
	for _, c := range patientColumns[:clinicalFrom] {
		set = append(set, c+" = x''")
	}
	return strings.Join(set, ", ")
}

// patientRecordAD binds a record to its vault, column, patient, row versions and
// the record format.
func (k *keys) patientRecordAD(dst []byte, patientID, column string, rv rowVersion) []byte {
	return k.appendPatientAD(dst, patientID, column, rv, false, true)
}

// appendPatientAD appends the associated data of a sealed patient value to
// dst without building the row part as a string first: the same bytes as
// appendAssociatedData(dst, vaultID, "patients", column, row) with row =
// fieldADRow(patientID, column, rv), followed by ";f=<format>" for a record
// (tested against that construction). clinical says whether column is a
// clinical column (bound to the clinical version only).
func (k *keys) appendPatientAD(dst []byte, patientID, column string, rv rowVersion, clinical, record bool) []byte {
	dst = append(dst, formatV1)
	for _, s := range [...]string{"custodia", k.vaultID, "patients", column} {
		dst = binary.BigEndian.AppendUint32(dst, uint32(len(s)))
		dst = append(dst, s...)
	}
	at := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = append(dst, patientID...)
	if clinical {
		dst = append(dst, "\x00cv="...)
	} else {
		dst = append(dst, "\x00v="...)
		dst = strconv.AppendInt(dst, rv.version, 10)
		dst = append(dst, ";cv="...)
	}
	dst = strconv.AppendInt(dst, rv.clinical, 10)
	if record {
		dst = append(dst, ";f="...)
		dst = strconv.AppendInt(dst, patientRecordFormat, 10)
	}
	binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	return dst
}

// appendPatientRecord encodes values as a record: each its length (uvarint) and
// its bytes.
func appendPatientRecord(dst []byte, values ...string) []byte {
	for _, v := range values {
		dst = binary.AppendUvarint(dst, uint64(len(v)))
		dst = append(dst, v...)
	}
	return dst
}

// decodePatientRecord splits a record into exactly n values.
func decodePatientRecord(b []byte, n int) ([]string, error) {
	out := make([]string, 0, n)
	for range n {
		l, w := binary.Uvarint(b)
		if w <= 0 || l > uint64(len(b)-w) {
			return nil, fmt.Errorf("%w: malformed record", ErrIntegrity)
		}
		out = append(out, string(b[w:w+int(l)]))
		b = b[w+int(l):]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: malformed record", ErrIntegrity)
	}
	return out, nil
}

// sealRow seals p for storage in record format under field keys derived
// from its data key: the two records always, diagnosis and notes when
// withClinical. nonces holds one fresh 24-byte nonce per ciphertext
// (sealedNonces); the ciphertexts are slices of one buffer, sc's when sc is
// given (a batch of new patients shares it), else a new one.
func (k *keys) sealRow(dataKey []byte, p Patient, rv rowVersion, withClinical bool, nonces []byte) (sealedPatient, error) {
	return k.sealRowInto(dataKey, p, rv, withClinical, nonces, &sealScratch{})
}

// sealScratch holds the buffers sealRowInto reuses: out, the ciphertexts
// (sub-slices capped at their length; a full buffer is replaced, never
// moved), and plain and ad, overwritten for every value (plain is cleared
// after every row).
type sealScratch struct {
	out, plain, ad []byte
	grow           int // size of a new out buffer, at least what is needed
}

// take makes room for n more bytes in out: a new buffer of max(n, grow)
// bytes when it is full.
func (sc *sealScratch) take(n int) {
	if cap(sc.out)-len(sc.out) < n {
		sc.out = make([]byte, 0, max(n, sc.grow))
	}
}

func (k *keys) sealRowInto(dataKey []byte, p Patient, rv rowVersion, withClinical bool, nonces []byte, sc *sealScratch) (sealedPatient, error) {
	var row sealedPatient
	id, err := k.fieldAEAD(catIdentity, dataKey)
	if err != nil {
		return row, err
	}
	values := p.encryptedValues()
	defer func() { clear(sc.plain[:cap(sc.plain)]) }()
	nonce := func() []byte {
		n := nonces[:chacha20poly1305.NonceSizeX]
		nonces = nonces[chacha20poly1305.NonceSizeX:]
		return n
	}
	seal := func(aead cipher.AEAD, pt []byte, ad []byte) []byte {
		from := len(sc.out)
		sc.out = sealAppend(sc.out, aead, nonce(), pt, ad)
		return sc.out[from:len(sc.out):len(sc.out)]
	}
	sc.take(sealedRowSize(values))
	for i, rec := range patientRecords {
		sc.plain = sc.plain[:0]
		for _, c := range recordColumnIndex[i] {
			sc.plain = appendPatientRecord(sc.plain, values[c])
		}
		sc.plain = padAppended(sc.plain)
		sc.ad = k.appendPatientAD(sc.ad[:0], p.ID, rec.column, rv, false, true)
		row.records[i] = seal(id, sc.plain, sc.ad)
	}
	if !withClinical {
		return row, nil
	}
	cl, err := k.fieldAEAD(catClinical, dataKey)
	if err != nil {
		return row, err
	}
	for i, c := range patientColumns[clinicalFrom:] {
		sc.plain = appendPadded(sc.plain[:0], values[clinicalFrom+i])
		sc.ad = k.appendPatientAD(sc.ad[:0], p.ID, c, rv, true, false)
		row.clinical[i] = seal(cl, sc.plain, sc.ad)
	}
	return row, nil
}

// recordColumnIndex lists, per record, the indexes in patientColumns of
// the fields it holds, in encoding order.
var recordColumnIndex = func() (out [len(patientRecords)][]int) {
	for i, r := range patientRecords {
		for _, c := range r.fields {
			out[i] = append(out[i], slices.Index(patientColumns, c))
		}
	}
	return out
}()

// padAppended pads b in place as pad does.
func padAppended(b []byte) []byte {
	n := (len(b)/padBlock + 1) * padBlock
	b = append(b, 0x80)
	for len(b) < n {
		b = append(b, 0)
	}
	return b
}

// sealedNonces is the number of nonces sealRow takes.
const sealedNonces = len(patientRecords) + clinicalFields

// sealedRowSize bounds the bytes sealRow writes for values.
func sealedRowSize(values []string) int {
	n := 0
	for _, v := range values {
		n += binary.MaxVarintLen64 + len(v)
	}
	return n + (len(patientRecords)+2)*(1+chacha20poly1305.NonceSizeX+padBlock+chacha20poly1305.Overhead)
}

// fieldAEAD is the cipher of a category's field key of one owner.
func (k *keys) fieldAEAD(category string, dataKey []byte) (cipher.AEAD, error) {
	ck, err := k.categoryKey(category)
	if err != nil {
		return nil, err
	}
	fk := fieldKeyOf(dataKey, ck, category) // on the stack: the cipher keeps a copy
	defer clear(fk[:])
	aead, err := chacha20poly1305.NewX(fk[:])
	if err != nil {
		return nil, fmt.Errorf("vault: cipher: %w", err)
	}
	return aead, nil
}

// openPatientRecord opens record i of patient p and sets its fields.
func (k *keys) openPatientRecord(dataKey []byte, p *Patient, i int, ct []byte, rv rowVersion) error {
	rec := patientRecords[i]
	pt, err := k.openFor(catIdentity, dataKey, ct, k.patientRecordAD(nil, p.ID, rec.column, rv))
	if err != nil {
		return fmt.Errorf("%w: patient %s column %s", ErrIntegrity, p.ID, rec.column)
	}
	defer clear(pt)
	values, err := decodePatientRecord(pt, len(rec.fields))
	if err != nil {
		return fmt.Errorf("%w: patient %s column %s", err, p.ID, rec.column)
	}
	for j, c := range rec.fields {
		if err := p.setValue(c, values[j]); err != nil {
			return err
		}
	}
	return nil
}

// recordIndex returns the index in patientRecords of the record stored in
// column, or -1.
func recordIndex(column string) int {
	for i, r := range patientRecords {
		if r.column == column {
			return i
		}
	}
	return -1
}

// storedFields are the sealed values of one patient row as read: the
// requested columns (per-field format, or empty) and the records.
type storedFields struct {
	columns []string
	cts     [][]byte
	records [len(patientRecords)][]byte
}

// inRecordFormat reports whether the row is in record format: both records
// present. A row with one of them only was changed in the file.
func (f *storedFields) inRecordFormat(id string) (bool, error) {
	present := 0
	for _, r := range f.records {
		if len(r) > 0 {
			present++
		}
	}
	switch present {
	case 0:
		return false, nil
	case len(f.records):
		return true, nil
	}
	return false, fmt.Errorf("%w: patient %s: records incomplete", ErrIntegrity, id)
}

// openStored decrypts the requested columns into p: from the records of a
// record-format row (each record opened once, only when one of its fields
// is requested), else column by column as before.
func (k *keys) openStored(dataKey []byte, p *Patient, f *storedFields, rv rowVersion) error {
	records, err := f.inRecordFormat(p.ID)
	if err != nil {
		return err
	}
	var opened [len(patientRecords)]bool
	for i, c := range f.columns {
		r := recordOf(c)
		if r < 0 || !records {
			if err := k.decryptField(dataKey, p, c, f.cts[i], rv); err != nil {
				return err
			}
			continue
		}
		if opened[r] {
			continue
		}
		if err := k.openPatientRecord(dataKey, p, r, f.records[r], rv); err != nil {
			return err
		}
		opened[r] = true
	}
	return nil
}

// recordColumns is the select list of the record columns.
func recordColumns(prefix string) string {
	var cols []string
	for _, r := range patientRecords {
		cols = append(cols, prefix+r.column)
	}
	return strings.Join(cols, ", ")
}

// freshRowNonces reads the nonces of one sealRow call.
func freshRowNonces() []byte {
	return randomBytes(sealedNonces * chacha20poly1305.NonceSizeX)
}
