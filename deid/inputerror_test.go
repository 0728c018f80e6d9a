package deid

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestInputErrorsAreCoded: the common input mistakes carry their code and
// place (file, line, levels, column) for front ends to word, and still
// wrap their sentinel.
func TestInputErrorsAreCoded(t *testing.T) {
	_, err := ReadHierarchy(strings.NewReader("a;*\nb;*\nc\n"), "sex.csv", ';')
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, ErrInvalidHierarchy) {
		t.Fatalf("short hierarchy row: %v", err)
	}
	if ie.Problem != ProblemHierarchyLevels || ie.File != "sex.csv" || ie.Line != 3 || ie.Got != 1 || ie.Want != 2 {
		t.Errorf("short hierarchy row: %+v", *ie)
	}
	tbl, err := ReadCSV(context.Background(), strings.NewReader("sex;age\nmale;30\n"), CSVOptions{Separator: ';'})
	if err != nil {
		t.Fatal(err)
	}
	err = tbl.SetRole("zip", RoleQuasiIdentifying)
	if !errors.As(err, &ie) || !errors.Is(err, ErrInvalidConfig) || ie.Problem != ProblemNoColumn || ie.Column != "zip" {
		t.Errorf("unknown column: %v", err)
	}
}
