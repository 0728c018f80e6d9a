-- Signed controls (issue 8, write access): a practice setting is signed by
-- the vault's authority, a user's second-factor row by its owner's signing
-- key or by the authority. Each row also names the audit entry that last
-- changed it (audit_seq), so deleting a row or putting an older signed one
-- back is an integrity error: the newest binding entry of the object
-- ("setting:<name>", "totp:<user id>") must be the one the row names.
-- A removed second factor leaves a signed row with an empty seal.
ALTER TABLE vault_settings ADD COLUMN sig BLOB;
ALTER TABLE vault_settings ADD COLUMN audit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_totp ADD COLUMN signer TEXT NOT NULL DEFAULT '';
ALTER TABLE user_totp ADD COLUMN sig BLOB;
ALTER TABLE user_totp ADD COLUMN audit_seq INTEGER NOT NULL DEFAULT 0;
