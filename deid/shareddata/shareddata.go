// Package shareddata locates the project's shared test data (ARX's Adult
// extract and hierarchies) for the deid tests and benchmarks, and decides
// what a missing folder means: a skip on a developer's machine, a failure
// under CI=true, so a CI run never passes by silently skipping the
// exhaustive Adult oracles. It is a thin layer over custodia/internal/testdata,
// the one helper that finds the shared data ($CUSTODIA_SHARED_DATA, else
// shared/data above the module root).
package shareddata

import (
	"errors"
	"path/filepath"
	"testing"

	"custodia/internal/testdata"
)

// Adult returns the folder holding adult.csv and its hierarchies. When it
// is absent the test is skipped, or fails when the CI environment variable
// is "true".
func Adult(tb testing.TB) string {
	tb.Helper()
	return find(tb, "adult", "adult.csv")
}

func find(tb testing.TB, sub, file string) string {
	tb.Helper()
	return filepath.Dir(testdata.Path(tb, sub+"/"+file))
}

// Missing skips tb, or fails it under CI=true.
func Missing(tb testing.TB, what string) {
	tb.Helper()
	testdata.Missing(tb, errors.New(what))
}
