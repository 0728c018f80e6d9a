package vault

import (
	"encoding/json"
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

// sealRecord seals v (as JSON, padded) for one row of a clinical table.
func (k *keys) sealRecord(key []byte, table, rowID, patientID string, v any) ([]byte, error) {
	pt, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("vault: encode %s row %s: %w", table, rowID, err)
	}
	defer clear(pt)
	padded := pad(pt)
	defer clear(padded)
	return seal(key, padded, k.recordAD(table, rowID, patientID))
}

// openRecord reverses sealRecord into v. ErrIntegrity names the row, never a value.
func (k *keys) openRecord(key []byte, table, rowID, patientID string, ct []byte, v any) error {
	pt, err := open(key, ct, k.recordAD(table, rowID, patientID))
	if err == nil {
		defer clear(pt)
		var body []byte
		if body, err = unpad(pt); err == nil {
			err = json.Unmarshal(body, v)
		}
	}
	if err != nil {
		return fmt.Errorf("%w: %s row %s of patient %s", ErrIntegrity, table, rowID, patientID)
	}
	return nil
}
