-- Key format 2: keys follow roles (docs/design.md section 2).
--
-- * vault_meta: the key format (1 = one master key in every slot, 2 = keys
--   by role), the authority's Ed25519 public key (also pinned inside every
--   key slot) and the current key generation (vault rotate increments it).
-- * users: each user's X25519 public key (key grants are sealed to it),
--   the id of their current signing key and the authority's signature over
--   id, name, role, disabled flag, keys and creation time.
-- * key_grants: per slot (user id or 'recovery') the category keys of the
--   role, sealed to the user's X25519 key and signed by the authority.
-- * signing_keys: every Ed25519 public key that ever signed audit entries,
--   certified by the authority; append-only (old entries stay verifiable).
-- * audit_log / audit_head: the signing key of each entry and its signature;
--   the head's signer and time.
-- * patients.clinical_version: the row version at which the clinical fields
--   were last sealed (0 = never); bound into every field's associated data.
ALTER TABLE vault_meta ADD COLUMN key_format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE vault_meta ADD COLUMN authority_pub BLOB;
ALTER TABLE vault_meta ADD COLUMN key_generation INTEGER NOT NULL DEFAULT 0;

ALTER TABLE users ADD COLUMN box_pub BLOB;
ALTER TABLE users ADD COLUMN sign_key TEXT;
ALTER TABLE users ADD COLUMN record_sig BLOB;

CREATE TABLE key_grants (
    id         TEXT    PRIMARY KEY,
    role       TEXT    NOT NULL,
    generation INTEGER NOT NULL,
    box_pub    BLOB    NOT NULL,
    eph_pub    BLOB    NOT NULL,
    ciphertext BLOB    NOT NULL,
    sig        BLOB    NOT NULL
);

CREATE TABLE signing_keys (
    id         TEXT    PRIMARY KEY,
    user_id    TEXT    NOT NULL,
    public_key BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    sig        BLOB    NOT NULL
);
CREATE TRIGGER signing_keys_no_update BEFORE UPDATE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing_keys is append-only'); END;
CREATE TRIGGER signing_keys_no_delete BEFORE DELETE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing_keys is append-only'); END;

ALTER TABLE audit_log ADD COLUMN signer TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN sig BLOB;
ALTER TABLE audit_head ADD COLUMN signer TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN at INTEGER NOT NULL DEFAULT 0;

ALTER TABLE patients ADD COLUMN clinical_version INTEGER NOT NULL DEFAULT 0;

-- Per signing key, the newest entry it signed (seq, hash, time), signed by
-- that key: an insider who deletes or re-chains other users' entries
-- cannot update their rows, so VerifyAudit finds the gap in the file itself.
CREATE TABLE audit_signers (
    signer TEXT    PRIMARY KEY,
    seq    INTEGER NOT NULL,
    mac    BLOB    NOT NULL,
    at     INTEGER NOT NULL,
    sig    BLOB    NOT NULL
);
