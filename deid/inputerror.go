package deid

import "fmt"

// Problem is the code of a common input mistake. The English message of
// an InputError is for logs; front ends word the code through
// custodia/i18n, never by matching the message.
type Problem string

// Codes of the common input mistakes.
const (
	// ProblemNoColumn: the configuration names a column the input lacks
	// (Column).
	ProblemNoColumn Problem = "no-column"
	// ProblemHierarchyLevels: a hierarchy row has another number of
	// levels (Got) than the first row (Want), at File and Line.
	ProblemHierarchyLevels Problem = "hierarchy-levels"
)

// InputError is a coded input problem that says where it is (file and
// line, column); it wraps its sentinel (ErrInvalidConfig,
// ErrInvalidHierarchy), so errors.Is keeps working. It never holds a
// data value.
type InputError struct {
	Err     error   // the sentinel
	Problem Problem // what is wrong
	File    string  // the file, "" when the input is not a named file
	Line    int     // 1-based line in File, 0 when none
	Column  string  // the column, "" when none
	Got     int     // for ProblemHierarchyLevels: the levels on Line
	Want    int     // for ProblemHierarchyLevels: the levels of the first row
	detail  string  // the English text after the sentinel's
}

func (e *InputError) Error() string { return e.Err.Error() + ": " + e.detail }

func (e *InputError) Unwrap() error { return e.Err }

// noColumn is the ProblemNoColumn error; prefix (a model's name) leads
// the English text when not empty.
func noColumn(prefix, name string) *InputError {
	detail := fmt.Sprintf("no column %q", name)
	if prefix != "" {
		detail = prefix + ": " + detail
	}
	return &InputError{Err: ErrInvalidConfig, Problem: ProblemNoColumn, Column: name, detail: detail}
}

// NoSolutionError is ErrNoSolution of the lattice search: no node
// satisfies the privacy models with at most SuppressionLimit (a share in
// [0,1]) of the records suppressed. Front ends word it from the limit.
type NoSolutionError struct {
	SuppressionLimit float64
}

func (e *NoSolutionError) Error() string {
	return fmt.Sprintf("%v with at most %.4g%% suppression", ErrNoSolution, e.SuppressionLimit*100)
}

func (e *NoSolutionError) Unwrap() error { return ErrNoSolution }
