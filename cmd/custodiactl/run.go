package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"time"

	"custodia/i18n"
	"custodia/vault"
)

// runContext is what a command may use of the outside world. Commands
// never touch os.Stdin, os.Stdout, os.Getenv or the clock directly, so
// tests run them in-process.
type runContext struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    func() time.Time
	log    *log.Logger
	hooks  testHooks
	// loc words the messages for people (lang.go); machine output stays
	// in English codes.
	loc *i18n.Localizer

	command string // path of the command being run, for log lines
}

// testHooks are set only by tests, in-process: the shipped program has no
// switch (environment variable or flag) that weakens the KDF or moves the
// clock.
type testHooks struct {
	kdf   *vault.KDFParams // nil: calibrate
	clock func() time.Time // nil: the real clock; else the GDPR commands' clock
	// interrupt replaces the SIGINT/SIGTERM context of the commands that
	// can be cancelled (nil: signalContext).
	interrupt func() (context.Context, func())
}

// run is the whole program: it runs the command named by args and returns
// the process exit code. main only wires it to the real process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return runWith(args, stdin, stdout, stderr, getenv, testHooks{})
}

// runWith is run with test hooks.
func runWith(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, hooks testHooks) int {
	ctx := &runContext{
		hooks:  hooks,
		stdin:  stdin,
		stdout: stdout,
		stderr: stderr,
		getenv: getenv,
		now:    time.Now,
		log:    newLogger(stderr),
	}
	lang, args, err := takeLang(args)
	ctx.loc = i18n.MustLoad().Localizer(cliLanguage(lang, getenv))
	if err != nil {
		return report(ctx, usageErrorf("%s", ctx.loc.T("cli.lang.usage")))
	}
	if len(args) == 1 && isHelpArg(args[0]) {
		printHelp(stdout, ctx.loc, newRoot())
		return exitOK
	}
	return report(ctx, executeSafely(ctx, newRoot(), args))
}

// executeSafely runs execute and turns a panic into an internal error. The
// panic value is not printed: it may hold personal data.
func executeSafely(ctx *runContext, root *command, args []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: fmt.Sprintf("%T", r)}
		}
	}()
	return execute(ctx, root, args)
}

// panicError records that a command panicked; only the panic value's type
// is kept.
type panicError struct{ value string }

func (e *panicError) Error() string { return "panic (" + e.value + ")" }

// newLogger returns the logger for internal errors; its lines carry a time
// stamp so they can be matched with the audit trail.
func newLogger(w io.Writer) *log.Logger {
	return log.New(w, "custodiactl: ", log.LstdFlags)
}
