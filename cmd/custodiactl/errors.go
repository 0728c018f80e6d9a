package main

import (
	"errors"

	"custodia/i18n"
	"fmt"
	"reflect"
	"strings"
)

// Exit codes: the one table. Documented in doc.go and README.md (a test
// checks the README lists every code); scripts depend on them.
const (
	exitOK              = 0
	exitInternal        = 1
	exitUsage           = 2
	exitNotFound        = 3
	exitPermission      = 4
	exitWrongPassphrase = 5
	exitValidation      = 6
	exitIntegrity       = 7
	// exitCancelled ends a run stopped by SIGINT or SIGTERM (128 + SIGINT,
	// the shell's convention): anonymize, export run and patient import.
	exitCancelled = 130
)

// exitError carries a message for people and an exit code. Commands return
// it (through usageErrorf or newExitError) when they know better than the
// central mapping what went wrong. The message must be lower case and hold
// no personal data.
type exitError struct {
	code int
	msg  string
	// id and pairs are the catalogue message describe words the error
	// with, in the run's language (when msg is "").
	id    string
	pairs []any
	err   error // optional cause, for errors.Is; never printed
}

func (e *exitError) Error() string {
	if e.msg == "" {
		return e.id
	}
	return e.msg
}

// fail is an error with exit code code, worded for people by the
// catalogue message id with its named arguments (pairs) when it is
// reported; cause (may be nil) is kept for errors.Is, never printed.
func fail(code int, cause error, id string, pairs ...any) error {
	return &exitError{code: code, id: id, pairs: pairs, err: cause}
}

// usage is a usage error (exit code 2) worded by the catalogue.
func usage(id string, pairs ...any) error { return fail(exitUsage, nil, id, pairs...) }

// invalid is a validation error (exit code 6) worded by the catalogue.
func invalid(cause error, id string, pairs ...any) error {
	return fail(exitValidation, cause, id, pairs...)
}
func (e *exitError) Unwrap() error { return e.err }

func newExitError(code int, err error, format string, a ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, a...), err: err}
}

func usageErrorf(format string, a ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, a...)}
}

// report prints err for people and returns the exit code. It is the one
// place where errors become messages; see describe.
func report(ctx *runContext, err error) int {
	if err == nil {
		return exitOK
	}
	msg, code := describe(ctx.words(), err)
	if code == exitInternal {
		ctx.log.Printf("internal error in %q: %s", ctx.command, errorTypes(err)) // for the developers: English
	}
	fmt.Fprintf(ctx.stderr, "custodiactl: %s\n", msg)
	return code
}

// describe maps an error to a message and an exit code. Unknown errors
// become "internal error": their text may come from anywhere and could hold
// personal data, so it is never printed.
func describe(loc *i18n.Localizer, err error) (string, int) {
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg == "" {
			return loc.T(ee.id, worded(loc, ee.pairs)...), ee.code
		}
		return ee.msg, ee.code
	}
	if msg, code, ok := describeDomain(loc, err); ok {
		return msg, code
	}
	return loc.T("cli.error.internal"), exitInternal
}

// worded replaces the message arguments that are worded per language
// (a words method, such as jsonProblem) by their text in loc's language.
func worded(loc *i18n.Localizer, pairs []any) []any {
	out := make([]any, len(pairs))
	for i, v := range pairs {
		if w, ok := v.(interface{ words(*i18n.Localizer) string }); ok {
			v = w.words(loc)
		}
		out[i] = v
	}
	return out
}

// errorTypes lists the dynamic types along err's chain, e.g.
// "*fmt.wrapError > *fs.PathError > syscall.Errno": enough to locate a bug,
// free of any message text.
func errorTypes(err error) string {
	var types []string
	for len(types) < 16 && err != nil {
		types = append(types, reflect.TypeOf(err).String())
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			errs := u.Unwrap()
			if len(errs) == 0 {
				err = nil
			} else {
				err = errs[0]
			}
		default:
			err = nil
		}
	}
	return strings.Join(types, " > ")
}
