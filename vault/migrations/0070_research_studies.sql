-- Research studies (issue 7): every version of an export definition,
-- sealed under the research key (associated data: vault, table, "body",
-- study id and version). In clear: the id, the version, the hash of the
-- definition (to tell a changed definition from a resave), who saved it
-- and when, and the researcher account the study is addressed to (a staff
-- user id, so that a researcher lists only their own studies). Versions
-- are append-only.
CREATE TABLE research_studies (
    id             TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    def_sha256     TEXT    NOT NULL,
    recipient_user TEXT    NOT NULL DEFAULT '',
    saved_at       INTEGER NOT NULL,
    saved_by       TEXT    NOT NULL,
    body           BLOB    NOT NULL,
    PRIMARY KEY (id, version)
) WITHOUT ROWID;
CREATE TRIGGER research_studies_no_update BEFORE UPDATE ON research_studies
BEGIN SELECT RAISE(ABORT, 'research_studies is append-only'); END;
CREATE TRIGGER research_studies_no_delete BEFORE DELETE ON research_studies
BEGIN SELECT RAISE(ABORT, 'research_studies is append-only'); END;

-- One random pseudonym key per study, sealed under the research key. A
-- destroyed key keeps its row (who destroyed it, when) with no key: the
-- study's past packages can no longer be re-identified from the vault.
CREATE TABLE research_study_keys (
    study_id     TEXT    PRIMARY KEY,
    wrapped      BLOB,
    created_at   INTEGER NOT NULL,
    destroyed_at INTEGER NOT NULL DEFAULT 0,
    destroyed_by TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TRIGGER research_study_keys_no_delete BEFORE DELETE ON research_study_keys
BEGIN SELECT RAISE(ABORT, 'research_study_keys rows are kept'); END;
CREATE TRIGGER research_study_keys_no_revive BEFORE UPDATE ON research_study_keys
WHEN OLD.destroyed_at != 0
BEGIN SELECT RAISE(ABORT, 'a destroyed study key cannot come back'); END;

-- The export history: one row per package written (sealed record: counts
-- by reason, the package's SHA-256 and file name, the report). Append-only;
-- written in the same transaction as the export's disclosures.
CREATE TABLE research_exports (
    seq        INTEGER PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    study_id   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    by_user    TEXT    NOT NULL,
    body       BLOB    NOT NULL
);
CREATE INDEX research_exports_study ON research_exports (study_id, seq);
CREATE TRIGGER research_exports_no_update BEFORE UPDATE ON research_exports
BEGIN SELECT RAISE(ABORT, 'research_exports is append-only'); END;
CREATE TRIGGER research_exports_no_delete BEFORE DELETE ON research_exports
BEGIN SELECT RAISE(ABORT, 'research_exports is append-only'); END;

-- Why a study key was destroyed and why the DPO re-identified a
-- pseudonym: the reasons are free text, so they are sealed under the
-- governance key; the audit entry names the row.
CREATE TABLE research_reasons (
    seq      INTEGER PRIMARY KEY,
    kind     TEXT    NOT NULL CHECK (kind IN ('destroy-key', 'reidentify')),
    study_id TEXT    NOT NULL,
    at       INTEGER NOT NULL,
    by_user  TEXT    NOT NULL,
    body     BLOB    NOT NULL
);
CREATE TRIGGER research_reasons_no_update BEFORE UPDATE ON research_reasons
BEGIN SELECT RAISE(ABORT, 'research_reasons is append-only'); END;
CREATE TRIGGER research_reasons_no_delete BEFORE DELETE ON research_reasons
BEGIN SELECT RAISE(ABORT, 'research_reasons is append-only'); END;
