package fhirimport

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is wrapped by every error about the content of a bundle.
var ErrInvalid = errors.New("fhirimport: invalid bundle")

// Problem is one error or refusal at a JSON path. Message never holds a value.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// Error lists the problems of a bundle (up to maxProblems, then a count).
type Error struct {
	Problems []Problem
	More     int
}

const maxProblems = 100

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fhirimport: %d problem", len(e.Problems)+e.More)
	if len(e.Problems)+e.More != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  and %d more", e.More)
	}
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

type problems struct{ Error }

func (ps *problems) add(path, format string, a ...any) {
	if len(ps.Problems) >= maxProblems {
		ps.More++
		return
	}
	ps.Problems = append(ps.Problems, Problem{Path: path, Message: fmt.Sprintf(format, a...)})
}

func (ps *problems) err() error {
	if len(ps.Problems) == 0 && ps.More == 0 {
		return nil
	}
	e := ps.Error
	return &e
}
