-- The date of the last clinical activity (diagnosis or notes written) per
-- patient, in clear like created_at and updated_at: the retention schedule
-- counts medical records from the last treatment without decrypting them.
-- 0 = no clinical activity recorded. Existing rows take their last update.
ALTER TABLE patients ADD COLUMN last_clinical_at INTEGER NOT NULL DEFAULT 0;
UPDATE patients SET last_clinical_at = updated_at;
