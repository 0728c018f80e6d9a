package main

import (
	"bytes"
	"context"
	"custodia/i18n"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAnonymizeCancelled: a cancelled run (what SIGINT/SIGTERM do) stops
// with a "cancelled" message and exit code 130, and leaves neither the
// output nor a temporary file behind.
func TestAnonymizeCancelled(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	var b strings.Builder
	b.WriteString("age,sex\n")
	for i := range 5000 {
		b.WriteString([]string{"30,F\n", "41,M\n", "52,F\n"}[i%3])
	}
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	for _, cancelAfter := range []time.Duration{0, time.Millisecond} {
		o := &anonymizeOptions{}
		fs := flag.NewFlagSet("anonymize", flag.ContinueOnError)
		o.register(fs)
		if err := fs.Parse([]string{"--input", in, "--qi", "age,sex", "--output", out, "--k", "2", "--quiet"}); err != nil {
			t.Fatal(err)
		}
		cc, cancel := context.WithCancel(context.Background())
		if cancelAfter == 0 {
			cancel()
		} else {
			time.AfterFunc(cancelAfter, cancel)
		}
		var stderr bytes.Buffer
		rc := &runContext{stdout: io.Discard, stderr: &stderr, getenv: os.Getenv, now: time.Now, log: newLogger(&stderr)}
		err := o.runContext(cc, rc)
		cancel()
		if err == nil {
			// The run may finish before a delayed cancel: then the output
			// must be complete; remove it for the next case.
			if cancelAfter == 0 {
				t.Fatal("a cancelled run succeeded")
			}
			os.Remove(out)
			continue
		}
		msg, code := describe(i18n.MustLoad().Localizer("en"), err)
		if code != exitCancelled || !strings.Contains(msg, "cancelled") {
			t.Fatalf("after %v: %q (exit %d), want a cancelled message and exit %d", cancelAfter, msg, code, exitCancelled)
		}
		ents, _ := os.ReadDir(dir)
		if len(ents) != 1 {
			t.Fatalf("after %v: directory holds %d files, want only the input", cancelAfter, len(ents))
		}
	}
}
