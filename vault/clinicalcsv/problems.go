package clinicalcsv

import (
	"errors"
	"fmt"

	"custodia/vault"
	"custodia/vault/internal/problems"
)

// ErrInvalid is wrapped by every error about the content of a file.
var ErrInvalid = errors.New("clinicalcsv: invalid file")

// The rules only these files can break; front ends word them through
// custodia/i18n (app.ClinicalCSVProblem). Problems of the CSV syntax and of
// the values reuse the vault's rules (vault.RuleCSVMalformed,
// vault.RuleICD10, ...).
const (
	RuleFileTooLarge      vault.FieldRule = "clinical-file-too-large"
	RuleNotHeader         vault.FieldRule = "clinical-not-header"
	RuleUnknownColumn     vault.FieldRule = "clinical-unknown-column"
	RuleDuplicateColumn   vault.FieldRule = "clinical-duplicate-column"
	RuleMissingColumn     vault.FieldRule = "clinical-missing-column"
	RuleNoPatientColumn   vault.FieldRule = "clinical-no-patient-column"
	RuleNoRows            vault.FieldRule = "clinical-no-rows"
	RulePatientRequired   vault.FieldRule = "clinical-patient-required"
	RuleMRNNoLookup       vault.FieldRule = "clinical-mrn-no-lookup"
	RuleUnknownPatient    vault.FieldRule = "clinical-unknown-patient"
	RuleRestrictedPatient vault.FieldRule = "clinical-restricted-patient"
	RuleKind              vault.FieldRule = "clinical-kind"
	RuleDuplicateRef      vault.FieldRule = "clinical-duplicate-ref"
	RuleUnknownRef        vault.FieldRule = "clinical-unknown-ref"
	RuleRefOtherPatient   vault.FieldRule = "clinical-ref-other-patient"
)

// Rules lists the package's own rule codes.
func Rules() []vault.FieldRule {
	return []vault.FieldRule{RuleFileTooLarge, RuleNotHeader, RuleUnknownColumn, RuleDuplicateColumn, RuleMissingColumn,
		RuleNoPatientColumn, RuleNoRows, RulePatientRequired, RuleMRNNoLookup, RuleUnknownPatient, RuleRestrictedPatient,
		RuleKind, RuleDuplicateRef, RuleUnknownRef, RuleRefOtherPatient}
}

// Problem is one error in a file: at a line (0 for the whole file) and a
// column (one of Columns(), "" for the whole line); Item counts the
// diagnoses of a diagnoses cell from 1 (0: the whole cell). Rule is the
// code front ends word, filling its message from Args, name/value pairs
// ("Column", 3) that never hold a value from the file. Message is the
// English text, for logs; it never holds a value from the file either.
type Problem struct {
	File    string          `json:"file"`
	Line    int             `json:"line"`
	Column  string          `json:"column,omitempty"`
	Item    int             `json:"item,omitempty"`
	Rule    vault.FieldRule `json:"rule"`
	Args    []any           `json:"-"`
	Allowed []string        `json:"-"`
	Message string          `json:"message"`
}

func (p Problem) String() string {
	where := fmt.Sprintf("%s line %d", p.File, p.Line)
	if p.Column != "" {
		where += ": " + p.Column
	}
	if p.Item > 0 {
		where += fmt.Sprintf(" (diagnosis %d)", p.Item)
	}
	return where + ": " + p.Message
}

// Error lists the problems found (up to problems.Max, then a count).
type Error struct {
	Problems []Problem
	More     int
}

func (e *Error) Error() string {
	return problems.Text("clinicalcsv", e.Problems, e.More, Problem.String)
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// add records a problem; past problems.Max it only counts it.
func (e *Error) add(p Problem) { problems.Add(&e.Problems, &e.More, problems.Max, p) }
