// Package memstore is an in-memory implementation of consent.Store: the
// reference behaviour of the storage contract, used by tests and demos. It
// keeps everything in maps guarded by one mutex, copies every value in and
// out, and applies each call atomically (all checks before any write).
// Nothing is persisted; the vault provides the durable, encrypted store.
package memstore
