// Package vault is Custodia's encrypted patient store: one SQLite file whose
// identifying and clinical fields are encrypted per patient, unlocked by
// per-user key slots, searched through keyed blind indexes, and guarded by a
// permission matrix and a keyed, hash-chained audit trail.
//
// # Opening
//
// [Create] makes a vault file with a first administrator and returns the
// recovery code. [Open] opens a file without keys; [Vault.Unlock] (user name
// and passphrase) or [Vault.UnlockWithRecovery] returns a [Session] that holds
// the keys until [Session.Lock].
//
// # Keys
//
// A random 256-bit master key is sealed in one key slot per user (Argon2id of
// the passphrase, parameters stored per slot, see [CalibrateKDF]) and in a
// recovery slot. HKDF-SHA256 derives separate subkeys for wrapping the
// per-patient data keys, for each blind index and for the audit MAC. Every
// patient field is sealed with XChaCha20-Poly1305 under the patient's own
// data key, bound to vault, table, column and row; [Session.DeletePatient]
// destroys that key (crypto-shredding).
//
// # Permissions and audit
//
// Every Session method checks the user's current role against the matrix in
// [Role.Can], records denials, reads and changes in the audit trail, and runs
// in one transaction. [Session.VerifyAudit] checks the MAC chain and its
// anchored head.
//
// # Errors
//
// Failures wrap the sentinel errors (ErrWrongPassphrase, ErrIntegrity,
// ErrPermission, ...); test them with errors.Is. Messages name ids, never
// personal data.
//
// # Sealing personal fields
//
// Every personal field is sealed under a field key derived from its
// owner's data key (the patient's key, a subject key or a retention key)
// and the key of its category (catIdentity, catClinical, catRequests,
// catGovernance; keyring.go). Inside the package a new table does:
//
//	ct, err := k.sealFor(catClinical, dataKey, plaintext, ad) // pads, seals
//	pt, err := k.openFor(catClinical, dataKey, ct, ad)         // ErrIntegrity on any change
//	dataKey, err := k.dataKey(tx, patientID)                   // ErrIntegrity without the records key
//	ad := associatedData(k.vaultID, "encounters", "note", id+"\x00v="+strconv.FormatInt(version, 10))
//
// A table of clinical data names catClinical: only roles with
// PermPatientClinical hold that key, so their grants, not only the
// permission check, decide who reads it, and erasure by key destruction
// works unchanged (deleting patient_keys makes every field key
// underivable). Put the row's version into the associated data and bump it
// on every write, so an old ciphertext put back fails. Rotate must learn
// the new table (a rotation.each call in rotate.go, or rotate_ops.go for
// rows keyed from a subkey of a category key, such as settings MACs and
// the journal key); otherwise its rows stay under the old generation and
// stop opening. Rows sealed to a user's own key (second factors) need no
// rotation.
//
// # Tests
//
// [NewTestVault] builds an unlocked vault with weak KDF parameters in a
// temporary directory.
//
// See docs/design.md for the file format and the threat model.
package vault
