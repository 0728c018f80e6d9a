package testdata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// EnvDir overrides where the shared data folder is.
const EnvDir = "CUSTODIA_SHARED_DATA"

// ErrNoModule: no go.mod above the working directory.
var ErrNoModule = errors.New("testdata: no go.mod above the working directory")

// Dir returns the shared data folder: $CUSTODIA_SHARED_DATA, else the
// first shared/data folder found from the module root (the folder holding
// go.mod, found from the working directory up) upwards: ../shared/data
// beside a checkout, ../../shared/data beside a worktree folder. When none
// exists it returns ../shared/data from the module root, which Locate
// reports as missing.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	for dir := root; ; {
		cand := filepath.Join(dir, "shared", "data")
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return filepath.Join(root, "..", "shared", "data"), nil
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoModule
		}
		dir = parent
	}
}

// Locate returns the path of rel (slash-separated, e.g. "adult/adult.csv")
// in the shared data folder, or an error saying where it was looked for.
func Locate(rel string) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return p, fmt.Errorf("shared data %s not found (set %s or place shared/data beside the repository): %w", rel, EnvDir, err)
	}
	return p, nil
}

// Path returns the path of rel in the shared data folder. When it is
// missing the test is skipped, except under CI=true where it fails.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p, err := Locate(rel)
	if err != nil {
		Missing(tb, err)
	}
	return p
}

// Missing reports missing shared data: a failure under CI=true, a skip
// otherwise.
func Missing(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%v (CI=true: the shared data is required)", err)
		return
	}
	tb.Skipf("%v", err)
}
