-- Consent and data-subject request storage (vault.ConsentStore, dsr*.go).
-- Objects are stored as JSON bodies with every personal field removed; the
-- personal fields live in subject_secrets (per data subject, under the
-- patient's data key) or in a breach's secret column (vault-level key).
-- Ledger tables (events, transitions, disclosures, certificates) are
-- append-only: triggers refuse UPDATE and DELETE.

CREATE TABLE consent_purposes (
    id   TEXT PRIMARY KEY,
    body TEXT NOT NULL
);

CREATE TABLE consent_texts (
    purpose_id TEXT    NOT NULL,
    language   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (purpose_id, language, version)
);

CREATE TABLE consent_events (
    seq           INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    patient_id    TEXT    NOT NULL,
    purpose_id    TEXT    NOT NULL,
    text_language TEXT    NOT NULL,
    text_version  INTEGER NOT NULL,
    body          TEXT    NOT NULL
);
CREATE INDEX consent_events_patient ON consent_events (patient_id);
CREATE INDEX consent_events_purpose ON consent_events (purpose_id, text_language, text_version);

-- Keys of data subjects that have no patient data key (not, or no longer,
-- in the patients table), wrapped like patient keys.
CREATE TABLE subject_keys (
    subject_id  TEXT PRIMARY KEY,
    wrapped_key BLOB NOT NULL
);

-- Per-patient retention keys, made by an erasure for the categories kept
-- under GDPR Art. 17(3) until keep_until.
CREATE TABLE retention_keys (
    patient_id  TEXT    PRIMARY KEY,
    wrapped_key BLOB    NOT NULL,
    keep_until  INTEGER NOT NULL
);

-- Personal fields of consent events and requests. owner is 'event:<id>' or
-- 'request:<id>'; key_kind names the key: the patient's data key, the
-- subject key, the retention key, or the vault-level key (only for values
-- that identify no one, such as a requester relation left by an erasure).
CREATE TABLE subject_secrets (
    owner      TEXT NOT NULL PRIMARY KEY,
    subject_id TEXT NOT NULL,
    category   TEXT NOT NULL,
    key_kind   TEXT NOT NULL CHECK (key_kind IN ('patient', 'subject', 'retention', 'vault')),
    ciphertext BLOB NOT NULL
);
CREATE INDEX subject_secrets_subject ON subject_secrets (subject_id);

CREATE TABLE dsr_requests (
    id          TEXT    PRIMARY KEY,
    subject_id  TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    -- the time zone name of received_at (JSON keeps only the offset, and
    -- deadlines are counted in the practice's zone)
    received_tz TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    body        TEXT    NOT NULL
);
CREATE INDEX dsr_requests_subject ON dsr_requests (subject_id);

CREATE TABLE dsr_transitions (
    seq        INTEGER PRIMARY KEY,
    request_id TEXT    NOT NULL,
    body       TEXT    NOT NULL
);
CREATE INDEX dsr_transitions_request ON dsr_transitions (request_id);

CREATE TABLE disclosures (
    seq        INTEGER PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    patient_id TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    body       TEXT    NOT NULL
);
CREATE INDEX disclosures_patient ON disclosures (patient_id);

CREATE TABLE retention_rules (
    id      TEXT    PRIMARY KEY,
    version INTEGER NOT NULL,
    body    TEXT    NOT NULL
);

CREATE TABLE breaches (
    id       TEXT    PRIMARY KEY,
    aware_at INTEGER NOT NULL,
    version  INTEGER NOT NULL,
    body     TEXT    NOT NULL,
    secret   BLOB    NOT NULL
);

CREATE TABLE certificates (
    id        TEXT    PRIMARY KEY,
    issued_at INTEGER NOT NULL,
    body      TEXT    NOT NULL
);

-- Rectification history: the previous value of each changed field.
CREATE TABLE patient_history (
    id         TEXT    PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    patient_id TEXT    NOT NULL,
    field      TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    by_user    TEXT    NOT NULL,
    request_id TEXT    NOT NULL,
    key_kind   TEXT    NOT NULL CHECK (key_kind IN ('patient', 'retention')),
    old_value  BLOB    NOT NULL
);
CREATE INDEX patient_history_patient ON patient_history (patient_id);

-- Erased patients: what an erasure left (kept or anonymised fields).
CREATE TABLE erased_patients (
    patient_id     TEXT    PRIMARY KEY,
    erased_at      INTEGER NOT NULL,
    request_id     TEXT    NOT NULL,
    plan_id        TEXT    NOT NULL,
    certificate_id TEXT    NOT NULL,
    keep_until     INTEGER NOT NULL
);

CREATE TABLE erased_fields (
    patient_id TEXT NOT NULL,
    field      TEXT NOT NULL,
    category   TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('keep', 'anonymise')),
    ciphertext BLOB NOT NULL,
    PRIMARY KEY (patient_id, field)
);

CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
CREATE TRIGGER dsr_transitions_no_update BEFORE UPDATE ON dsr_transitions
BEGIN SELECT RAISE(ABORT, 'dsr_transitions is append-only'); END;
-- Transitions go only with their request (retention deletion of a closed
-- request deletes the request row first).
CREATE TRIGGER dsr_transitions_no_delete BEFORE DELETE ON dsr_transitions
WHEN EXISTS (SELECT 1 FROM dsr_requests WHERE id = OLD.request_id)
BEGIN SELECT RAISE(ABORT, 'dsr_transitions is append-only while its request exists'); END;
CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures is append-only'); END;
CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures is append-only'); END;
CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates is append-only'); END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates is append-only'); END;
