// Package vault is Custodia's encrypted patient store: one SQLite file whose
// identifying and clinical fields are encrypted per patient, unlocked by
// per-user key slots, searched through keyed blind indexes, and guarded by a
// permission matrix and a keyed, hash-chained audit trail.
//
// See docs/design.md for the file format and the threat model.
package vault
