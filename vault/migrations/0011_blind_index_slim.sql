-- Blind index, version 2: fewer and smaller rows, so that a batch of new
-- patients dirties far fewer random-order B-tree pages.
--
-- * Rows name their patient by patients.seq (an integer of 1-3 bytes)
--   instead of the 36-character UUID.
-- * MACs are stored truncated to 96 bits (a prefix of the 128 bits stored
--   before, so existing rows are converted without the keys). Every
--   candidate is still confirmed after decryption.
-- * Kind 2 (name + birth date) is retired: a name-with-birth-date search
--   walks the birth-date rows (kind 3) and keeps the patients that also have
--   the name row (kind 1). That is as selective and needs two rows fewer
--   per patient (what the file reveals is unchanged: name and birth-date
--   rows of one patient share its seq, as they shared its UUID).
-- * MRN rows (kind 4) move to patient_mrn, whose primary key is the MAC:
--   uniqueness without the partial unique index, a second B-tree that took
--   one more random-order write per patient.
CREATE TABLE patient_index_v2 (
    kind        INTEGER NOT NULL CHECK (kind IN (1, 3)),
    mac         BLOB    NOT NULL,
    patient_seq INTEGER NOT NULL,
    PRIMARY KEY (kind, mac, patient_seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO patient_index_v2 (kind, mac, patient_seq)
    SELECT i.kind, substr(i.mac, 1, 12), p.seq
    FROM patient_index i JOIN patients p ON p.id = i.patient_id
    WHERE i.kind IN (1, 3);

CREATE TABLE patient_mrn (
    mac         BLOB    PRIMARY KEY,
    patient_seq INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO patient_mrn (mac, patient_seq)
    SELECT substr(i.mac, 1, 12), p.seq
    FROM patient_index i JOIN patients p ON p.id = i.patient_id
    WHERE i.kind = 4;

DROP TABLE patient_index;
ALTER TABLE patient_index_v2 RENAME TO patient_index;
