-- RetentionItems lists every patient with its dates, restriction flag and
-- whether its contact and clinical fields hold values. Scanning the
-- patients table for that read every page of it (the sealed fields make a
-- row about 1 KB), from disk once it outgrows the page cache. This index
-- holds what the list needs, in creation order, in about 70 bytes a row.
-- The last expression has bit 0 set when a contact ciphertext, bit 1 when a
-- clinical ciphertext is longer than a sealed empty value (57 bytes:
-- version, nonce, one pad block, tag), which anyone holding the file can
-- already see. The vault (presenceBits in retention.go) asks for exactly
-- this expression, and decrypts only the rows where a bit is clear.
CREATE INDEX patients_retention ON patients (
    seq, id, restricted, created_at, last_clinical_at,
    1 * (length(address) > 57 OR length(postcode) > 57 OR length(phone) > 57 OR length(email) > 57) + 2 * (length(diagnosis) > 57 OR length(notes) > 57)
);
