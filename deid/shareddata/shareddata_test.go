package shareddata

import (
	"testing"
)

// recorder is a testing.TB that records Fatalf and Skip instead of
// stopping the test.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }
func (r *recorder) Skip(...any)           { r.skipped = true }
func (r *recorder) Skipf(string, ...any)  { r.skipped = true }

// TestMissingFailsUnderCI: a missing folder skips on a developer's machine
// and fails under CI=true.
func TestMissingFailsUnderCI(t *testing.T) {
	for _, c := range []struct {
		ci         string
		fail, skip bool
	}{{"", false, true}, {"false", false, true}, {"true", true, false}} {
		t.Setenv("CI", c.ci)
		r := &recorder{TB: t}
		find(r, "no-such-folder", "x.csv")
		if r.failed != c.fail || r.skipped != c.skip {
			t.Fatalf("CI=%q: failed %v skipped %v", c.ci, r.failed, r.skipped)
		}
	}
}

// TestAdultFound: from this package's directory the shared Adult folder is
// found when it exists (skip otherwise, fail under CI=true).
func TestAdultFound(t *testing.T) {
	if dir := Adult(t); dir == "" {
		t.Fatal("empty directory")
	}
}
