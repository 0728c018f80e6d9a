-- The consultation log of an access package (CJEU C-579/21) and the erasure
-- count read the audit trail by object ("patient:<id>"); without an index
-- each package scanned the whole trail.
CREATE INDEX audit_log_object ON audit_log (object);
