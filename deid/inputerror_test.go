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

// Every hierarchy, table, configuration and key problem the command line
// can meet carries its code and place, and no data value.
func TestMoreInputErrorsAreCoded(t *testing.T) {
	hier := func(in string) error { _, err := ReadHierarchy(strings.NewReader(in), "h.csv", ';'); return err }
	csvIn := func(in string) error {
		_, err := ReadCSV(context.Background(), strings.NewReader(in), CSVOptions{Separator: ';'})
		return err
	}
	_, keyErr := NewPseudonymizer([]byte("short"), "", 0)
	_, kindErr := ParseIdentifierKind("bogus")
	for _, c := range []struct {
		name     string
		err      error
		sentinel error
		want     InputError
	}{
		{"empty hierarchy", hier(""), ErrInvalidHierarchy, InputError{Problem: ProblemHierarchyEmpty, File: "h.csv"}},
		{"duplicate", hier("secret;*\nb;*\nsecret;*\n"), ErrInvalidHierarchy, InputError{Problem: ProblemHierarchyDuplicate, File: "h.csv", Line: 3, Other: 1}},
		{"conflict", hier("a;x;*\nb;x;+\n"), ErrInvalidHierarchy, InputError{Problem: ProblemHierarchyConflict, File: "h.csv", Line: 2, Other: 1, Level: 1}},
		{"hierarchy quote", hier("a;*\n\"b;*\n"), ErrInvalidHierarchy, InputError{Problem: ProblemHierarchySyntax, File: "h.csv", Line: 2, Char: 6}},
		{"empty table", csvIn(""), ErrInvalidTable, InputError{Problem: ProblemTableEmpty}},
		{"ragged table", csvIn("a;b\n1;2\n3\n"), ErrInvalidTable, InputError{Problem: ProblemTableFields, Line: 3, Got: 1, Want: 2}},
		{"header twice", csvIn("a;b;a\n"), ErrInvalidTable, InputError{Problem: ProblemColumnTwice, Line: 1, Field: 3, Column: "a"}},
		{"unnamed", csvIn("a;;b\n"), ErrInvalidTable, InputError{Problem: ProblemColumnUnnamed, Line: 1, Field: 2}},
		{"short key", keyErr, ErrPseudoKey, InputError{Problem: ProblemKeyTooShort, Got: 5, Want: MinPseudoKeyLen}},
		{"unknown kind", kindErr, ErrUnknownKind, InputError{Problem: ProblemUnknownKind, Value: "bogus"}},
		{"average risk", AverageRisk{Threshold: 2}.validate(nil), ErrInvalidConfig, InputError{Problem: ProblemModelParameter, Model: "average-risk<=2"}},
	} {
		var ie *InputError
		if !errors.As(c.err, &ie) || !errors.Is(c.err, c.sentinel) {
			t.Errorf("%s: %v is no coded %v", c.name, c.err, c.sentinel)
			continue
		}
		got := *ie
		got.Err, got.detail = nil, ""
		if got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
		if strings.Contains(c.err.Error(), "secret") {
			t.Errorf("%s: the error holds a value: %v", c.name, c.err)
		}
	}
}

// A value a transformation cannot handle is coded by what is wrong.
func TestTransformErrorsAreCoded(t *testing.T) {
	tb, _ := NewTable([]string{"id", "d", "zip", "age"})
	_ = tb.AppendRow([]string{"p1", "2024-01-01", "1234", "x"})
	p, _ := NewPseudonymizer(testKey(4), "", 0)
	err := p.ApplyTable(tb, PseudoConfig{Actions: map[string]ColumnAction{"id": ActionShiftDate}, RecordColumn: "id", MaxShiftDays: 3})
	var te *TransformError
	if !errors.As(err, &te) || te.Problem() != ProblemNotDate || te.Column != "id" || te.Row != 1 {
		t.Errorf("not a date: %v", err)
	}
	for col, want := range map[string]Problem{"zip": ProblemNotZIP, "age": ProblemNotAge} {
		kind := map[string]IdentifierKind{"zip": KindZIP, "age": KindAge}[col]
		err := SafeHarbor{Kinds: map[string]IdentifierKind{col: kind}}.ApplyTable(tb)
		if !errors.As(err, &te) || te.Problem() != want || te.Column != col {
			t.Errorf("%s: %v", col, err)
		}
	}
}
