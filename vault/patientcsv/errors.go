package patientcsv

import (
	"errors"
	"fmt"

	"custodia/vault"
	"custodia/vault/internal/problems"
)

// ErrInvalid is wrapped by every error about the content of a file.
var ErrInvalid = errors.New("patientcsv: invalid file")

// LineError is one problem on one line. Field is the patient field or
// column concerned ("" for the whole line). Message never contains a value
// from the file; it is English, for logs. Rule is the code front ends word
// through custodia/i18n (i18n.FieldRuleID), filling the message from Args,
// name/value pairs ("Column", 3) that never hold a value from the file.
type LineError struct {
	Line    int
	Field   string
	Message string
	Rule    vault.FieldRule
	Args    []any
}

func (e *LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
}

// Unwrap returns ErrInvalid.
func (e *LineError) Unwrap() error { return ErrInvalid }

// Error lists the problems of a file: the first ones in Lines, and how many
// more were found in More. It wraps ErrInvalid through its lines.
type Error struct {
	Lines []*LineError
	More  int
}

func (e *Error) Error() string {
	return problems.Text("patientcsv", e.Lines, e.More, (*LineError).Error)
}

// Unwrap returns the line errors, so errors.Is(err, ErrInvalid) holds.
func (e *Error) Unwrap() []error {
	errs := make([]error, len(e.Lines))
	for i, l := range e.Lines {
		errs[i] = l
	}
	return errs
}

// collector gathers line errors up to a cap and counts the rest.
type collector struct {
	max int
	err Error
}

// add records a problem: rule with its English message and its Args.
func (c *collector) add(line int, field string, rule vault.FieldRule, message string, args ...any) {
	problems.Add(&c.err.Lines, &c.err.More, c.max, &LineError{Line: line, Field: field, Message: message, Rule: rule, Args: args})
}

// result returns the collected *Error, or nil if there is none.
func (c *collector) result() error {
	if problems.None(c.err.Lines, c.err.More) {
		return nil
	}
	e := c.err
	return &e
}
