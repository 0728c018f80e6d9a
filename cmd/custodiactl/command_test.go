package main

import (
	"bytes"
	"custodia/i18n"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
)

// runCLI runs custodiactl in-process with the given environment.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code = runWith(args, strings.NewReader(stdin), &out, &errOut, getenv, hooksOf(t, env))
	return out.String(), errOut.String(), code
}

func TestHelpForEveryCommand(t *testing.T) {
	root := newRoot()
	root.walk(func(c *command) {
		args := append(strings.Fields(c.path())[1:], "--help")
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, "", args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if !strings.HasPrefix(out, "usage: "+c.path()) {
				t.Fatalf("help does not start with usage line:\n%s", out)
			}
			for _, s := range c.subs {
				if !s.hidden && !strings.Contains(out, "  "+s.name) {
					t.Errorf("help does not list %q:\n%s", s.name, out)
				}
			}
			if !c.isGroup() {
				c.flags.VisitAll(func(f *flag.Flag) {
					if !strings.Contains(out, "--"+f.Name) {
						t.Errorf("help does not list --%s", f.Name)
					}
				})
			}
		})
	})
}

func TestHelpCommand(t *testing.T) {
	out, _, code := runCLI(t, nil, "", "help", "help")
	if code != exitOK || !strings.HasPrefix(out, "usage: custodiactl help") {
		t.Fatalf("exit %d, out %q", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"no-such-command"},
		{"help", "no-such-command"},
		{"help", "--no-such-flag"},
	} {
		_, errOut, code := runCLI(t, nil, "", args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
		if !strings.Contains(errOut, "custodiactl: ") {
			t.Errorf("%q: stderr %q lacks a message", args, errOut)
		}
	}
}

func TestParseFlagsInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args []string
		pos  []string
		json bool
		n    int
	}{
		{[]string{"a", "--json", "b"}, []string{"a", "b"}, true, 0},
		{[]string{"--n", "3", "a"}, []string{"a"}, false, 3},
		{[]string{"a", "--", "--json"}, []string{"a", "--json"}, false, 0},
		{[]string{"-json", "--n=2"}, nil, true, 2},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		j := fs.Bool("json", false, "")
		n := fs.Int("n", 0, "")
		pos, err := parseFlags(fs, tc.args)
		if err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if !reflect.DeepEqual(pos, tc.pos) || *j != tc.json || *n != tc.n {
			t.Errorf("%q: got %q json=%v n=%d", tc.args, pos, *j, *n)
		}
	}
}

func TestErrorTypesHoldNoText(t *testing.T) {
	err := newExitError(exitValidation, nil, "secret-name")
	if s := errorTypes(err); strings.Contains(s, "secret") {
		t.Fatalf("errorTypes leaks the message: %q", s)
	}
}

func TestPanicBecomesInternalError(t *testing.T) {
	root := newRoot()
	c := newCommand("boom", "", "panics")
	c.run = func(*runContext, []string) error { panic("Élise Durand 1984-03-12") }
	root.add(c)
	var out, errOut bytes.Buffer
	ctx := &runContext{stdout: &out, stderr: &errOut, log: newLogger(&errOut)}
	code := report(ctx, executeSafely(ctx, root, []string{"boom"}))
	if code != exitInternal || !strings.Contains(errOut.String(), "internal error") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(errOut.String(), "Élise") {
		t.Fatalf("panic value leaked: %s", errOut.String())
	}
}

func TestNoPromptOnPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	ctx := &runContext{stdin: r, stderr: &bytes.Buffer{}}
	_, err = ctx.prompt("passphrase: ", "use --passphrase-file")
	if msg, code := describe(i18n.MustLoad().Localizer("en"), err); code != exitUsage || !strings.Contains(msg, "not a terminal") {
		t.Fatalf("prompt on a pipe: %d %s", code, msg)
	}
}
