-- Custodia vault schema, version 1. Every table names its key explicitly;
-- nothing refers to an implicit rowid.

CREATE TABLE vault_meta (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    vault_id       TEXT    NOT NULL,
    format         INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    failed_unlocks INTEGER NOT NULL DEFAULT 0,
    last_failed_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    role       TEXT    NOT NULL CHECK (role IN ('admin', 'dpo', 'clinician', 'frontdesk', 'researcher')),
    disabled   INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at INTEGER NOT NULL
);

-- One slot per user (kind 'passphrase') plus one recovery slot. Each wraps
-- the same master key under a key derived with Argon2id.
CREATE TABLE key_slots (
    id             TEXT    PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('passphrase', 'recovery')),
    user_id        TEXT    UNIQUE REFERENCES users (id),
    kdf_time       INTEGER NOT NULL,
    kdf_memory_kib INTEGER NOT NULL,
    kdf_threads    INTEGER NOT NULL,
    salt           BLOB    NOT NULL,
    wrapped_key    BLOB    NOT NULL,
    updated_at     INTEGER NOT NULL,
    CHECK ((kind = 'passphrase') = (user_id IS NOT NULL))
);
CREATE UNIQUE INDEX key_slots_one_recovery ON key_slots (kind) WHERE kind = 'recovery';

-- Per-patient data keys, wrapped by a subkey of the master key. Deleting a
-- row here crypto-shreds the patient.
CREATE TABLE patient_keys (
    patient_id  TEXT PRIMARY KEY,
    wrapped_key BLOB NOT NULL
);

-- Every identifying or clinical column holds version || nonce || ciphertext.
CREATE TABLE patients (
    id               TEXT    PRIMARY KEY REFERENCES patient_keys (patient_id),
    seq              INTEGER NOT NULL UNIQUE,
    version          INTEGER NOT NULL,
    restricted       INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    given_name       BLOB    NOT NULL,
    family_name      BLOB    NOT NULL,
    birth_date       BLOB    NOT NULL,
    sex              BLOB    NOT NULL,
    address          BLOB    NOT NULL,
    postcode         BLOB    NOT NULL,
    phone            BLOB    NOT NULL,
    email            BLOB    NOT NULL,
    insurance_number BLOB    NOT NULL,
    mrn              BLOB    NOT NULL,
    diagnosis        BLOB    NOT NULL,
    notes            BLOB    NOT NULL
);

-- Keyed blind indexes: kind 1 name, 2 name+birth date, 3 birth date, 4 MRN.
-- Rows are removed by their full key (recomputed from the decrypted record),
-- so there is no index on patient_id and no foreign key to cascade: each
-- would add a random-order B-tree write per row.
CREATE TABLE patient_index (
    kind       INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),
    mac        BLOB    NOT NULL,
    patient_id TEXT    NOT NULL,
    PRIMARY KEY (kind, mac, patient_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX patient_index_mrn_unique ON patient_index (kind, mac) WHERE kind = 4;

-- Append-only, hash-chained, keyed audit trail.
CREATE TABLE audit_log (
    seq     INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    object  TEXT    NOT NULL,
    outcome TEXT    NOT NULL,
    detail  TEXT    NOT NULL,
    mac     BLOB    NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- The newest entry, MACed, so cutting off the tail is detectable.
CREATE TABLE audit_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    seq      INTEGER NOT NULL,
    mac      BLOB    NOT NULL,
    head_mac BLOB    NOT NULL
);

-- Failed unlocks happen without a key: they wait here and are moved into the
-- MACed chain by the next successful unlock.
CREATE TABLE audit_pending (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    object  TEXT    NOT NULL,
    outcome TEXT    NOT NULL,
    detail  TEXT    NOT NULL
);
