package fhirimport

import (
	"errors"
	"fmt"

	"custodia/vault/internal/problems"
)

// ErrInvalid is wrapped by every error about the content of a bundle.
var ErrInvalid = errors.New("fhirimport: invalid bundle")

// Problem is one error or refusal at a JSON path. Message never holds a value.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
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

func (ps *problemList) add(path, format string, a ...any) {
	problems.Add(&ps.Problems, &ps.More, problems.Max, Problem{Path: path, Message: fmt.Sprintf(format, a...)})
}

func (ps *problemList) err() error {
	if problems.None(ps.Problems, ps.More) {
		return nil
	}
	e := ps.Error
	return &e
}
