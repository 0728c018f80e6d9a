package vault

import (
	"encoding/binary"
	"fmt"
)

// dataCategory says what a sealed value is, so the key it is sealed under
// can depend on it (identity and clinical keys may be split by role).
type dataCategory string

// categoryClinical is encounters, observations and their history.
const categoryClinical dataCategory = "clinical"

// categoryKey returns the key a patient's values of category cat are sealed
// under (the caller clears it). Every clinical seal and open takes its key
// from here or from categoryKeyFrom, so routing clinical rows to another
// key is a change of categoryKeyFrom.
func (k *keys) categoryKey(tx *txn, cat dataCategory, patientID string) ([]byte, error) {
	dk, err := k.dataKey(tx, patientID)
	if err != nil {
		return nil, err
	}
	return k.categoryKeyFrom(cat, patientID, dk), nil
}

// categoryKeyFrom is categoryKey for a caller that already unwrapped the
// patient's data key dk (it may return dk itself). The one routing point:
// today every category is sealed under the patient's data key.
func (k *keys) categoryKeyFrom(cat dataCategory, patientID string, dk []byte) []byte {
	_, _ = cat, patientID
	return dk
}

// recordAD binds a sealed clinical record to its vault, table, row and
// patient: moving it to another row or patient fails to open.
func (k *keys) recordAD(table, rowID, patientID string) []byte {
	return associatedData(k.vaultID, table, "record", rowID+"\x00"+patientID)
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

// sealRecord seals the body (encoded, padded) for one row of a clinical table.
func (k *keys) sealRecord(key []byte, table, rowID, patientID string, v recordBody) ([]byte, error) {
	pt := encodeRecord(v.fields())
	defer clear(pt)
	padded := pad(pt)
	defer clear(padded)
	return seal(key, padded, k.recordAD(table, rowID, patientID))
}

// openRecord reverses sealRecord into v. ErrIntegrity names the row, never a value.
func (k *keys) openRecord(key []byte, table, rowID, patientID string, ct []byte, v recordBody) error {
	pt, err := open(key, ct, k.recordAD(table, rowID, patientID))
	if err == nil {
		defer clear(pt)
		var body []byte
		var fs []string
		if body, err = unpad(pt); err == nil {
			if fs, err = decodeRecord(body); err == nil {
				err = v.setFields(fs)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("%w: %s row %s of patient %s", ErrIntegrity, table, rowID, patientID)
	}
	return nil
}
