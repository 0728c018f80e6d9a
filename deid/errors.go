package deid

import "errors"

// Sentinel errors; the package wraps them with detail (file, line, column),
// so check them with errors.Is.
var (
	// ErrInvalidTable reports malformed input data (ragged rows, bad CSV,
	// values that do not parse as the column's type).
	ErrInvalidTable = errors.New("deid: invalid table")
	// ErrInvalidHierarchy reports a malformed generalisation hierarchy or a
	// data value missing from its hierarchy.
	ErrInvalidHierarchy = errors.New("deid: invalid hierarchy")
	// ErrInvalidConfig reports an unusable configuration (unknown column,
	// k < 1, missing hierarchy, suppression limit outside [0,1], ...).
	ErrInvalidConfig = errors.New("deid: invalid configuration")
	// ErrNoSolution means no transformation satisfies the privacy models
	// within the suppression limit.
	ErrNoSolution = errors.New("deid: no transformation satisfies the privacy models")
)
