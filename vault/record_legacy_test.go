package vault

import (
	"crypto/cipher"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// The per-field writer of before migration 0090, kept under test so that
// tests can write rows exactly as the old code did (one ciphertext per
// column) and check that they still read, search, list and upgrade.

// encryptFields seals the columns of p under field keys derived from its
// data key: the identity and contact columns always, the clinical ones when
// withClinical (else they are returned nil: not written). One cipher
// instance per category and one read of random nonces for all columns.
func (k *keys) encryptFields(dataKey []byte, p Patient, rv rowVersion, withClinical bool) ([]any, error) {
	return k.encryptFieldsNonces(dataKey, p, rv, withClinical, randomBytes(len(patientColumns)*chacha20poly1305.NonceSizeX))
}

// encryptFieldsNonces is encryptFields with the twelve fresh random nonces
// given (column i uses nonces[24i:24i+24]), so that a new patient's data key
// and nonces come from one read of the random source. The ciphertexts are
// slices of one buffer.
func (k *keys) encryptFieldsNonces(dataKey []byte, p Patient, rv rowVersion, withClinical bool, nonces []byte) ([]any, error) {
	var aeads [2]cipher.AEAD // [0] identity and contact, [1] clinical
	for i, c := range [...]string{catIdentity, catClinical} {
		if c == catClinical && !withClinical {
			continue
		}
		fk, err := k.fieldKey(c, dataKey)
		if err != nil {
			return nil, err
		}
		aeads[i], err = chacha20poly1305.NewX(fk)
		clear(fk)
		if err != nil {
			return nil, fmt.Errorf("vault: cipher: %w", err)
		}
	}
	values := p.encryptedValues()
	size := 0
	for _, v := range values {
		size += 1 + chacha20poly1305.NonceSizeX + (len(v)/padBlock+1)*padBlock + chacha20poly1305.Overhead
	}
	buf := make([]byte, 0, size)
	out := make([]any, len(patientColumns))
	// The padded value and the associated data are built in buffers reused
	// for every column (Seal copies into its own output); the two row
	// strings once per patient.
	var padded, ad []byte
	defer func() { clear(padded[:cap(padded)]) }()
	var rows [2]string // [0] other columns, [1] clinical columns
	for i, v := range values {
		col := patientColumns[i]
		r := 0
		if columnCategory(col) == catClinical {
			r = 1
		}
		if aeads[r] == nil {
			continue
		}
		if rows[r] == "" {
			rows[r] = fieldADRow(p.ID, col, rv)
		}
		padded = appendPadded(padded[:0], v)
		ad = appendAssociatedData(ad[:0], k.vaultID, "patients", col, rows[r])
		nonce := nonces[i*chacha20poly1305.NonceSizeX : (i+1)*chacha20poly1305.NonceSizeX]
		from := len(buf)
		buf = sealAppend(buf, aeads[r], nonce, padded, ad)
		out[i] = buf[from:len(buf):len(buf)]
	}
	return out, nil
}

// storeLegacy rewrites the patient's row in the per-field format of before
// migration 0090, as the old code wrote it (same data key and versions).
func storeLegacy(t interface {
	Helper()
	Fatal(...any)
}, tx *txn, k *keys, p Patient) {
	t.Helper()
	dk, err := k.dataKey(tx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer clear(dk)
	var rv rowVersion
	if err := tx.QueryRow("SELECT version, clinical_version FROM patients WHERE id = ?", p.ID).Scan(&rv.version, &rv.clinical); err != nil {
		t.Fatal(err)
	}
	fields, err := k.encryptFields(dk, p, rv, rv.clinical != 0)
	if err != nil {
		t.Fatal(err)
	}
	set, args := "identity = x'', contact = x''", []any{}
	for i, c := range patientColumns {
		if fields[i] != nil {
			set += ", " + c + " = ?"
			args = append(args, fields[i])
		}
	}
	if _, err := tx.Exec("UPDATE patients SET "+set+" WHERE id = ?", append(args, p.ID)...); err != nil {
		t.Fatal(err)
	}
}
