package patientcsv

import (
	"errors"
	"fmt"
	"strings"

	"custodia/vault"
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
	var b strings.Builder
	fmt.Fprintf(&b, "patientcsv: %d problem", len(e.Lines)+e.More)
	if len(e.Lines)+e.More != 1 {
		b.WriteString("s")
	}
	for _, l := range e.Lines {
		b.WriteString("\n  ")
		b.WriteString(l.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  and %d more", e.More)
	}
	return b.String()
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
	if len(c.err.Lines) >= c.max {
		c.err.More++
		return
	}
	c.err.Lines = append(c.err.Lines, &LineError{Line: line, Field: field, Message: message, Rule: rule, Args: args})
}

// result returns the collected *Error, or nil if there is none.
func (c *collector) result() error {
	if len(c.err.Lines) == 0 && c.err.More == 0 {
		return nil
	}
	e := c.err
	return &e
}
