-- The practice's own details (consent.Controller): printed on consent
-- receipts, access packages, the ROPA and breach notices. One row, sealed
-- under the vault-level key (the DPO's name and e-mail are staff personal
-- data), bound to table "practice" and id "1".
CREATE TABLE practice (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    updated_at INTEGER NOT NULL,
    updated_by TEXT    NOT NULL,
    ciphertext BLOB    NOT NULL
);
