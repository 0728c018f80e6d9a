package testdata

import (
	"os"
	"path/filepath"
	"testing"
)

// fakeTB records whether a test was skipped or failed.
type fakeTB struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Skipf(string, ...any)  { f.skipped = true }
func (f *fakeTB) Fatalf(string, ...any) { f.failed = true }

func TestPathFindsAndMisses(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "fhir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fhir", "x.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvDir, dir)
	if p := Path(t, "fhir/x.json"); p != filepath.Join(dir, "fhir", "x.json") {
		t.Fatalf("Path = %s", p)
	}
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		f := &fakeTB{}
		Path(f, "adult/adult.csv")
		if f.failed != (ci == "true") || f.skipped == (ci == "true") {
			t.Errorf("CI=%q: failed %v, skipped %v", ci, f.failed, f.skipped)
		}
	}
}

func TestDirFromModuleRoot(t *testing.T) {
	t.Setenv(EnvDir, "")
	d, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(d) != "data" || filepath.Base(filepath.Dir(d)) != "shared" {
		t.Fatalf("Dir = %s", d)
	}
}
