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
	// ProblemHierarchyEmpty: the hierarchy File has no rows.
	ProblemHierarchyEmpty Problem = "hierarchy-empty"
	// ProblemHierarchyEmptyRow: the first row of File (Line) is empty.
	ProblemHierarchyEmptyRow Problem = "hierarchy-empty-row"
	// ProblemHierarchyDuplicate: the value on Line is already listed on
	// line Other.
	ProblemHierarchyDuplicate Problem = "hierarchy-duplicate"
	// ProblemHierarchyConflict: the value at level Level on Line
	// generalises to another parent than on line Other.
	ProblemHierarchyConflict Problem = "hierarchy-conflict"
	// ProblemHierarchySyntax: File is no valid CSV at Line, character
	// Char (a stray or missing quote).
	ProblemHierarchySyntax Problem = "hierarchy-syntax"
	// ProblemTableEmpty: the input has not even a header row.
	ProblemTableEmpty Problem = "table-empty"
	// ProblemTableSyntax: the input is no valid CSV at Line, character
	// Char.
	ProblemTableSyntax Problem = "table-syntax"
	// ProblemTableFields: the record on Line has Got fields, the header
	// Want.
	ProblemTableFields Problem = "table-fields"
	// ProblemColumnUnnamed: header field Field has no name.
	ProblemColumnUnnamed Problem = "column-unnamed"
	// ProblemColumnTwice: header field Field repeats the name Column.
	ProblemColumnTwice Problem = "column-twice"
	// ProblemNoRecords: the table has a header but no records.
	ProblemNoRecords Problem = "no-records"
	// ProblemNoQuasiIdentifier: no column is a quasi-identifier.
	ProblemNoQuasiIdentifier Problem = "no-quasi-identifier"
	// ProblemRecordColumn: shifting dates needs the column identifying
	// the patient.
	ProblemRecordColumn Problem = "record-column"
	// ProblemMaxShift: the largest date shift is below one day.
	ProblemMaxShift Problem = "max-shift"
	// ProblemEntityQuasiIdentifier: the patient column Column is also a
	// quasi-identifier.
	ProblemEntityQuasiIdentifier Problem = "entity-quasi-identifier"
	// ProblemEntityModel: Model cannot count patients (only k-anonymity
	// and distinct l-diversity can).
	ProblemEntityModel Problem = "entity-model"
	// ProblemMondrianModel: Mondrian does not support Model.
	ProblemMondrianModel Problem = "mondrian-model"
	// ProblemNeedsHierarchy: Model needs a hierarchy for Column.
	ProblemNeedsHierarchy Problem = "needs-hierarchy"
	// ProblemSingleRoot: Model needs Column's hierarchy to end in one
	// value.
	ProblemSingleRoot Problem = "single-root"
	// ProblemNotSensitive: Model's column Column is not a sensitive
	// column.
	ProblemNotSensitive Problem = "not-sensitive"
	// ProblemModelParameter: a parameter of Model is out of range.
	ProblemModelParameter Problem = "model-parameter"
	// ProblemLatticeTooLarge: the generalisation lattice has more than
	// Want nodes.
	ProblemLatticeTooLarge Problem = "lattice-too-large"
	// ProblemKeyTooWide: the quasi-identifiers and sensitive columns need
	// Got bits per record key, at most Want are supported.
	ProblemKeyTooWide Problem = "key-too-wide"
	// ProblemKeyTooShort: the pseudonymisation key has Got bytes, at least
	// Want are needed (ErrPseudoKey).
	ProblemKeyTooShort Problem = "key-too-short"
	// ProblemUnknownKind: Value is no identifier kind (ErrUnknownKind).
	ProblemUnknownKind Problem = "unknown-kind"
	// ProblemIntervalWidth: an interval hierarchy needs a width above 0.
	ProblemIntervalWidth Problem = "interval-width"
	// ProblemCodingOrder: the bottom coding is not below the top coding.
	ProblemCodingOrder Problem = "coding-order"
	// ProblemFanout: the fanout Got of hierarchy level Level is below 2.
	ProblemFanout Problem = "fanout"
	// ProblemNotNumber: a value of the column is no number.
	ProblemNotNumber Problem = "not-number"
	// ProblemNotDateLayout: a value of the column is no date in layout
	// Value.
	ProblemNotDateLayout Problem = "not-date-layout"
	// ProblemNoValues: the column has no values to build a hierarchy of.
	ProblemNoValues Problem = "no-values"
	// ProblemNoModel: the configuration names no privacy model.
	ProblemNoModel Problem = "no-model"
	// ProblemSuppressionLimit: the suppression limit is not a share in
	// [0,1].
	ProblemSuppressionLimit Problem = "suppression-limit"
	// ProblemUnknownMetric: Value is no utility metric (Metrics).
	ProblemUnknownMetric Problem = "unknown-metric"
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
	Other   int     // the other line of a duplicate or conflict
	Level   int     // the hierarchy level of a conflict
	Field   int     // 1-based header field of a column problem
	Char    int     // 1-based character on Line of a CSV syntax error
	Model   string  // the privacy model, in the engine's notation
	Value   string  // a code the user typed (an identifier kind), never data
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
	// Advice, when a caller filled it in (NoSolutionAdvice), says why and
	// what would help.
	Advice *Advice
}

func (e *NoSolutionError) Error() string {
	msg := fmt.Sprintf("%v with at most %.4g%% suppression", ErrNoSolution, e.SuppressionLimit*100)
	if e.Advice != nil {
		msg += "; " + e.Advice.String()
	}
	return msg
}

func (e *NoSolutionError) Unwrap() error { return ErrNoSolution }

// inputError is an InputError with the English detail for logs.
func inputError(sentinel error, p Problem, detail string) *InputError {
	return &InputError{Err: sentinel, Problem: p, detail: detail}
}

// ModelFailsError is ErrNoSolution of a run that cannot hold a model at
// all: the whole table violates Model (Mondrian), or the average risk
// after partitioning (Risk) is above the model's Threshold.
type ModelFailsError struct {
	Model     string  // the failing model, in the engine's notation
	Risk      float64 // for an average-risk model: the risk reached
	Threshold float64 // for an average-risk model: its threshold, else 0
}

func (e *ModelFailsError) Error() string {
	if e.Threshold > 0 {
		return fmt.Sprintf("%v: the average re-identification risk %.4g exceeds %s; raise k", ErrNoSolution, e.Risk, e.Model)
	}
	return fmt.Sprintf("%v: the whole table does not satisfy %s; lower k or l, or choose another sensitive attribute", ErrNoSolution, e.Model)
}

func (e *ModelFailsError) Unwrap() error { return ErrNoSolution }

// configError is an ErrInvalidConfig InputError about model (the engine's
// notation, may be empty) and column (may be empty).
func configError(p Problem, model, column, detail string) *InputError {
	e := inputError(ErrInvalidConfig, p, detail)
	e.Model, e.Column = model, column
	return e
}
