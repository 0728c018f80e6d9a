// Package shareddata locates the project's shared test data (ARX's Adult
// extract and hierarchies) for the deid tests and benchmarks, and decides
// what a missing folder means: a skip on a developer's machine, a failure
// under CI=true, so a CI run never passes by silently skipping the
// exhaustive Adult oracles.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Adult returns the folder holding adult.csv and its hierarchies. The
// folder is shared/data/adult beside the repository (../shared/data relative
// to the repository root); worktrees one level deeper find it by walking up
// from the working directory. When it is absent the test is skipped, or
// fails when the CI environment variable is "true".
func Adult(tb testing.TB) string {
	tb.Helper()
	return find(tb, "adult", "adult.csv")
}

func find(tb testing.TB, sub, file string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "data", sub)
		if _, err := os.Stat(filepath.Join(cand, file)); err == nil {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	Missing(tb, "shared data folder shared/data/"+sub+" (with "+file+") not found above the working directory")
	return ""
}

// Missing skips tb, or fails it under CI=true.
func Missing(tb testing.TB, what string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s; under CI=true the shared data is required", what)
		return
	}
	tb.Skip(what)
}
