//go:build cgo

package main

import (
	"path/filepath"
	"testing"

	"custodia/vault"
	"custodia/vault/demo"
)

// The desktop makes its demo vault in the user's language at the time:
// an English user's demo names its practice and study in English, a
// German user's in German (issue 10).
func TestEnsureDemoInTheUsersLanguage(t *testing.T) {
	weak := vault.WeakKDFParams()
	for _, lang := range demo.Languages() {
		b := newBackend(t.TempDir(), 5, func() string { return lang })
		b.demoOpts = vault.Options{KDF: &weak}
		d, err := b.EnsureDemo()
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(d.Path) != "demo.vault" {
			t.Fatalf("demo at %s", d.Path)
		}
		v, err := vault.Open(d.Path, b.demoOpts)
		if err != nil {
			t.Fatal(err)
		}
		s, err := v.Unlock(demo.AdminName, []byte(demo.AdminPassphrase))
		if err != nil {
			t.Fatal(err)
		}
		ctl, err := s.Practice()
		s.Lock()
		v.Close()
		if err != nil || ctl.Name != demo.TextsIn(lang).PracticeName {
			t.Errorf("%s: practice %q (%v)", lang, ctl.Name, err)
		}
	}
}
