package app_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"custodia/app"
	"custodia/vault"
)

// TestWriteLockAnchor: without an anchor file nothing is written; with one
// every lock replaces it with a whole, verifiable anchor of the newest
// entry (no temporary file left); a folder that is gone is an error naming
// the path, and the next lock with the folder back writes it again.
func TestWriteLockAnchor(t *testing.T) {
	_, _, vs := newVault(t)
	if path, err := app.WriteLockAnchor(vs); err != nil || path != "" {
		t.Fatalf("no anchor file set: %q, %v", path, err)
	}
	dir := filepath.Join(t.TempDir(), "stick")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "custodia-anchor.json")
	if err := vs.SetAnchorFile(path); err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for range 2 {
		got, err := app.WriteLockAnchor(vs)
		if err != nil || got != path {
			t.Fatalf("write: %q, %v", got, err)
		}
		a := readAnchor(t, path)
		if _, err := vs.VerifyAnchor(a); err != nil {
			t.Fatalf("written anchor does not verify: %v", err)
		}
		seqs = append(seqs, a.Seq)
	}
	if seqs[1] <= seqs[0] {
		t.Fatalf("second lock did not replace the anchor: %v", seqs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("folder holds %d files, want the anchor only", len(entries))
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := app.WriteLockAnchor(vs); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("folder gone: %v, want an error wrapping os.ErrNotExist", err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := app.WriteLockAnchor(vs); err != nil {
		t.Fatal(err)
	}
	if a := readAnchor(t, path); a.Seq <= seqs[1] {
		t.Fatalf("anchor after the folder came back: %d", a.Seq)
	}
}

func readAnchor(t *testing.T, path string) vault.Anchor {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := vault.ParseAnchor(data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
