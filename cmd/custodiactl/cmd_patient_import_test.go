package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// countdownContext is cancelled once its Err has answered nil n times:
// Ctrl-C at a chosen point of the run, without a timer.
type countdownContext struct {
	context.Context
	left atomic.Int64
	done chan struct{}
	once sync.Once
}

func (c *countdownContext) Done() <-chan struct{} { return c.done }

func (c *countdownContext) Err() error {
	if c.left.Add(-1) >= 0 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return context.Canceled
}

// TestImportInterrupted: Ctrl-C while the key is derived, before the
// first batch or just before the commit ends the import with exit code
// 130 and a message, and no patient of the file is stored; the same
// import then runs in full.
func TestImportInterrupted(t *testing.T) {
	env := initVault(t)
	for _, n := range []int64{1, 2, 4} { // during the unlock's derivation; before the first batch; before the commit
		hooks := hooksOf(t, env)
		hooks.interrupt = func() (context.Context, func()) {
			c := &countdownContext{Context: context.Background(), done: make(chan struct{})}
			c.left.Store(n)
			return c, func() {}
		}
		var out, errOut bytes.Buffer
		code := runWith([]string{"patient", "import", "../../testdata/patients/sample.csv"}, strings.NewReader(""), &out, &errOut,
			func(k string) string { return env[k] }, hooks)
		if code != exitCancelled || !strings.Contains(errOut.String(), "import cancelled") {
			t.Fatalf("interrupt after %d looks: exit %d, stderr %q; want %d and the cancelled message", n, code, errOut.String(), exitCancelled)
		}
		if c := strings.TrimSpace(mustRun(t, env, "patient", "count")); c != "0" {
			t.Fatalf("interrupt after %d looks: %s patients stored, want 0", n, c)
		}
	}
	if out := mustRun(t, env, "patient", "import", "../../testdata/patients/sample.csv"); !strings.Contains(out, "imported 5 patients") {
		t.Fatalf("import after the interrupted ones: %s", out)
	}
}
