package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestStartupBuildsNoPassphraseDictionaries checks that starting the
// program does not build zxcvbn's dictionaries (about 11 MB; the module is
// patched to build them on first use, third_party/zxcvbn/PATCHED.md): every
// command, `anonymize` included, paid for them before any work (issue 11). It re-runs this test binary, which links the
// same packages as custodiactl, with GODEBUG=inittrace=1 and reads the bytes
// each package's init allocated. Bytes, not time: no timed assertion.
func TestStartupBuildsNoPassphraseDictionaries(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("re-running the test binary: %v\n%s", err, stderr.String())
	}
	inits := initBytes(t, stderr.String())
	if len(inits) == 0 {
		t.Fatal("no init trace lines: GODEBUG=inittrace=1 had no effect")
	}
	const limit = 256 << 10
	for _, pkg := range []string{
		"github.com/trustelem/zxcvbn/matching",
		"github.com/trustelem/zxcvbn/frequency",
	} {
		if b, ok := inits[pkg]; ok && b > limit {
			t.Errorf("init of %s allocates %d bytes at start-up (limit %d): it should build its tables on first use", pkg, b, limit)
		}
	}
}

// initBytes maps package path to the bytes its init allocated, from lines
// such as "init custodia/deid @12 ms, 0.5 ms clock, 54000 bytes, 1186 allocs".
func initBytes(t *testing.T, trace string) map[string]int {
	t.Helper()
	out := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(trace))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 9 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("init trace line %q: bytes field is not a number", sc.Text())
		}
		out[f[1]] = n
	}
	return out
}
