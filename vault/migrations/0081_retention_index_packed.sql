-- RetentionItems reads every patient's index entry; each column fetched
-- costs (the driver locks the connection per column). This index replaces
-- migration 0050's with one packed flags column: bit 0 contact held, bit 1
-- clinical held (ciphertexts longer than a sealed empty value, as in 0050),
-- bit 2 restricted. The query (retentionFlags in retention.go) asks for
-- exactly this expression. The rowid column is no longer read: the few
-- patients whose ciphertexts are all short are looked up by id.
DROP INDEX patients_retention;
CREATE INDEX patients_retention ON patients (
    seq, id, created_at, last_clinical_at,
    1 * (length(address) > 57 OR length(postcode) > 57 OR length(phone) > 57 OR length(email) > 57) + 2 * (length(diagnosis) > 57 OR length(notes) > 57) + 4 * restricted
);
