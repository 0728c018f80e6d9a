-- Clinical records: encounters (date, kind, ICD-10 diagnoses) and
-- observations (LOINC code, value, unit, date). One sealed record per row
-- under the patient's key (associated data: vault, table, "record", row id
-- and patient id); in clear only the owner's creation number, the row id,
-- version and write times. Rows are clustered by patient (primary key
-- patient_seq, id), so a patient's rows and an export's full scan read
-- neighbouring pages; they go with the patient row (ON DELETE CASCADE, and
-- erasure deletes them explicitly first).
CREATE TABLE encounters (
    patient_seq INTEGER NOT NULL REFERENCES patients (seq) ON DELETE CASCADE,
    id          TEXT    NOT NULL UNIQUE,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    record      BLOB    NOT NULL,
    PRIMARY KEY (patient_seq, id)
) WITHOUT ROWID;

CREATE TABLE observations (
    patient_seq INTEGER NOT NULL REFERENCES patients (seq) ON DELETE CASCADE,
    id          TEXT    NOT NULL UNIQUE,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    record      BLOB    NOT NULL,
    PRIMARY KEY (patient_seq, id)
) WITHOUT ROWID;

-- One-time data migrations that need keys and therefore run in Go at the
-- first unlock by a role that may write clinical data. The diagnosis move
-- is pending only in vaults that already held patients when this schema
-- migration ran; a new vault has nothing to move.
CREATE TABLE clinical_migrations (
    name       TEXT    PRIMARY KEY,
    pending    INTEGER NOT NULL CHECK (pending IN (0, 1)),
    done_at    INTEGER NOT NULL DEFAULT 0,
    moved      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO clinical_migrations (name, pending)
    SELECT 'diagnosis-to-encounter', count(*) > 0 FROM patients;
