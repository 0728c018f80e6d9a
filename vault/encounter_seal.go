package vault

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// dataCategory says what a sealed value is, so the key it is sealed under
// can depend on it (identity and clinical keys may be split by role).
type dataCategory string

// categoryClinical is encounters, observations and their history.
const categoryClinical dataCategory = "clinical"

// sealCategory pads and seals plaintext of category cat of a patient whose
// data key is dk. Every clinical row is sealed here and opened in
// openCategory, under the category's field key (sealFor, keyring.go): only
// roles holding the clinical key grant can open them.
func (k *keys) sealCategory(cat dataCategory, dk, plaintext, ad []byte) ([]byte, error) {
	return k.sealFor(string(cat), dk, plaintext, ad)
}

// openCategory reverses sealCategory (ErrIntegrity on any change).
func (k *keys) openCategory(cat dataCategory, dk, ct, ad []byte) ([]byte, error) {
	return k.openFor(string(cat), dk, ct, ad)
}

// recordAD binds a sealed clinical record to its vault, table, row, patient
// and version: moving it to another row or patient, or putting an older
// version's ciphertext back, fails to open.
func (k *keys) recordAD(table, rowID, patientID string, version int64) []byte {
	return associatedData(k.vaultID, table, "record", rowID+"\x00"+patientID+"\x00v="+strconv.FormatInt(version, 10))
}

// recordBody is the sealed part of a clinical row, as a list of strings.
type recordBody interface {
	fields() []string
	setFields([]string) error
}

// recordFormat is the first byte of a sealed record's plaintext: then each
// field as a uvarint length and its bytes. (A compact encoding: decoding
// JSON was a fifth of an export's CPU time.)
const recordFormat = 1

func encodeRecord(fields []string) []byte {
	n := 1
	for _, f := range fields {
		n += binary.MaxVarintLen32 + len(f)
	}
	out := make([]byte, 1, n)
	out[0] = recordFormat
	for _, f := range fields {
		out = binary.AppendUvarint(out, uint64(len(f)))
		out = append(out, f...)
	}
	return out
}

func decodeRecord(b []byte) ([]string, error) {
	if len(b) == 0 || b[0] != recordFormat {
		return nil, ErrIntegrity
	}
	b = b[1:]
	var out []string
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, ErrIntegrity
		}
		out = append(out, string(b[k:k+int(n)]))
		b = b[k+int(n):]
	}
	return out, nil
}

// sealRecord seals the body of one version of a clinical row.
func (k *keys) sealRecord(dk []byte, table, rowID, patientID string, version int64, v recordBody) ([]byte, error) {
	pt := encodeRecord(v.fields())
	defer clear(pt)
	return k.sealCategory(categoryClinical, dk, pt, k.recordAD(table, rowID, patientID, version))
}

// openRecord opens a stored row into v. ErrIntegrity names the row, never a value.
func (k *keys) openRecord(dk []byte, table string, r storedRow, v recordBody) error {
	pt, err := k.openCategory(categoryClinical, dk, r.ct, k.recordAD(table, r.id, r.patientID, r.version))
	if err == nil {
		defer clear(pt)
		var fs []string
		if fs, err = decodeRecord(pt); err == nil {
			err = v.setFields(fs)
		}
	}
	if err != nil {
		return fmt.Errorf("%w: %s row %s of patient %s", ErrIntegrity, table, r.id, r.patientID)
	}
	return nil
}
