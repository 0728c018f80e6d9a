-- Unlock back-off, TOTP second factor, vault settings, erasure journal and
-- backup log (vault-ops, issue 8).

-- Failed-unlock counters: one row for the whole vault ('vault'), one for the
-- recovery code ('recovery') and one per typed user name
-- ('account:<hex HMAC-SHA256 keyed by the vault id>', never the name).
CREATE TABLE unlock_backoff (
    scope          TEXT    PRIMARY KEY,
    failures       INTEGER NOT NULL DEFAULT 0,
    last_failed_at INTEGER NOT NULL DEFAULT 0
);

-- A user's TOTP enrolment: secret, backup-code hashes and the last accepted
-- time step, sealed under a key derived from the master key.
CREATE TABLE user_totp (
    user_id    TEXT    PRIMARY KEY REFERENCES users (id),
    sealed     BLOB    NOT NULL,
    confirmed  INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    updated_at INTEGER NOT NULL
);

-- Practice-wide security settings, each MACed under a master-derived key.
CREATE TABLE vault_settings (
    name       TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    mac        BLOB    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The erasure journal signing key: Ed25519 public key in clear, seed sealed.
CREATE TABLE journal_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    public_key  BLOB    NOT NULL,
    wrapped_key BLOB    NOT NULL
);

-- Signed, hash-chained erasure journal (also written next to the vault file).
CREATE TABLE erasure_journal (
    seq   INTEGER PRIMARY KEY,
    entry TEXT    NOT NULL
);

CREATE TRIGGER erasure_journal_no_update BEFORE UPDATE ON erasure_journal
BEGIN SELECT RAISE(ABORT, 'erasure journal is append-only'); END;
CREATE TRIGGER erasure_journal_no_delete BEFORE DELETE ON erasure_journal
BEGIN SELECT RAISE(ABORT, 'erasure journal is append-only'); END;

-- Backups taken (time, size, SHA-256 of the encrypted file), for the reminder.
CREATE TABLE backup_log (
    id       INTEGER PRIMARY KEY,
    taken_at INTEGER NOT NULL,
    bytes    INTEGER NOT NULL,
    sha256   TEXT    NOT NULL,
    user_id  TEXT    NOT NULL
);
