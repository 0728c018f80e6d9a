-- Patient rows in record format (docs/design.md §9.5): the identity-category
-- fields of a patient are sealed as two ciphertexts instead of ten, the
-- identity record (names, birth date, sex, insurance number, MRN) and the
-- contact record (address, postcode, phone, e-mail), each bound to the
-- patient id, the row versions and the record format. New and updated rows
-- store them here and leave the ten per-field columns empty; rows written
-- before stay in the per-field format (both columns empty) until their
-- next update or rotation re-seals them. Nothing is decrypted here.
ALTER TABLE patients ADD COLUMN identity BLOB NOT NULL DEFAULT x'';
ALTER TABLE patients ADD COLUMN contact BLOB NOT NULL DEFAULT x'';
-- The retention index (0081) tells from ciphertext lengths whether contact
-- data is held; for a record-format row that is the contact record's
-- length. The query (retentionFlags in retention.go) asks for exactly this
-- expression.
DROP INDEX patients_retention;
CREATE INDEX patients_retention ON patients (
    seq, id, created_at, last_clinical_at,
    1 * (length(address) > 57 OR length(postcode) > 57 OR length(phone) > 57 OR length(email) > 57 OR length(contact) > 57) + 2 * (length(diagnosis) > 57 OR length(notes) > 57) + 4 * restricted
);
