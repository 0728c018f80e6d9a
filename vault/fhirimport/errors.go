package fhirimport

import (
	"errors"
	"fmt"

	"custodia/vault/internal/problems"
)

// ErrInvalid is wrapped by every error about the content of a bundle.
var ErrInvalid = errors.New("fhirimport: invalid bundle")

// Problem is one error or refusal at a JSON path. Rule is the broken rule
// as a code (Rules) the front ends word in the reader's language; Allowed
// holds the values that wording names (resource types, codes, counts, a
// JSON path), never a value of a patient. Message is the English text for
// logs and never holds a value from the file either.
type Problem struct {
	Path    string   `json:"path"`
	Rule    Rule     `json:"rule"`
	Message string   `json:"message"`
	Allowed []string `json:"allowed,omitempty"`
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// Error lists the problems of a bundle (up to problems.Max, then a count).
type Error struct {
	Problems []Problem
	More     int
}

func (e *Error) Error() string {
	return problems.Text("fhirimport", e.Problems, e.More, Problem.String)
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

type problemList struct{ Error }

// add records a coded problem; allowed fill the rule's English message
// and go to Problem.Allowed.
func (ps *problemList) add(path string, rule Rule, allowed ...string) {
	ps.push(newProblem(path, rule, allowed...))
}

// push records a problem made elsewhere (a refusal under Strict, a
// vault validation error), already coded.
func (ps *problemList) push(p Problem) {
	problems.Add(&ps.Problems, &ps.More, problems.Max, p)
}

func (ps *problemList) err() error {
	if problems.None(ps.Problems, ps.More) {
		return nil
	}
	e := ps.Error
	return &e
}

// newProblem is the Problem of a broken rule at path.
func newProblem(path string, rule Rule, allowed ...string) Problem {
	msg := ruleMessages[rule]
	if len(allowed) > 0 {
		args := make([]any, len(allowed))
		for i, a := range allowed {
			args[i] = a
		}
		msg = fmt.Sprintf(msg, args...)
	}
	return Problem{Path: path, Rule: rule, Message: msg, Allowed: allowed}
}
