package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBinariesHaveNoTestSwitches builds the shipped programs and checks
// that neither contains the names of the former test switches, so no
// environment variable can weaken the KDF or move the clock. The desktop
// app needs cgo and takes minutes to link: skipped with -short.
func TestBinariesHaveNoTestSwitches(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	pkgs := map[string]bool{"custodia/cmd/custodiactl": false, "custodia/cmd/custodia": true}
	for pkg, cgo := range pkgs {
		t.Run(filepath.Base(pkg), func(t *testing.T) {
			if cgo && testing.Short() {
				t.Skip("the desktop app needs cgo and a long link")
			}
			out := filepath.Join(t.TempDir(), "bin")
			cmd := exec.Command(gobin, "build", "-o", out, pkg)
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
			if cgo {
				cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
			}
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go build %s: %v\n%s", pkg, err, msg)
			}
			bin, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"CUSTODIA_NOW", "CUSTODIA_TEST_WEAK_KDF", "TEST_WEAK_KDF", "TEST_NOW"} {
				if bytes.Contains(bin, []byte(s)) {
					t.Errorf("%s contains %q", pkg, s)
				}
			}
			if !bytes.Contains(bin, []byte("CUSTODIA_PASSPHRASE")) && !cgo {
				t.Error("scan found not even CUSTODIA_PASSPHRASE: the scan is broken")
			}
		})
	}
}
