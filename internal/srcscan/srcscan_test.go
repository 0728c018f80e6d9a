package srcscan

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// Literals finds written-out, qualified and elided literals of the type,
// and no others; HasKey tells the keyed from the unkeyed.
func TestLiteralsAndKeys(t *testing.T) {
	src := `package p
var a = FieldError{Field: "x", Rule: "r"}
var b = consent.FieldError{Field: "y"}
var c = []FieldError{{Field: "z"}, {Rule: "q"}}
var d = Other{Rule: "no"}
`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keyed, unkeyed int
	Literals(f, "FieldError", func(lit *ast.CompositeLit) {
		if HasKey(lit, "Rule") {
			keyed++
		} else {
			unkeyed++
		}
	})
	if keyed != 2 || unkeyed != 2 {
		t.Errorf("found %d literals with Rule and %d without, want 2 and 2", keyed, unkeyed)
	}
}

// Dir reads this package's own sources (doc.go and srcscan.go) and skips
// its tests.
func TestDirSkipsTests(t *testing.T) {
	files := Dir(t, ".")
	if len(files) != 2 {
		t.Fatalf("Dir(.) = %d files, want doc.go and srcscan.go", len(files))
	}
	for _, f := range files {
		if name := f.Fset.File(f.AST.Pos()).Name(); strings.HasSuffix(name, "_test.go") || f.AST.Name.Name != "srcscan" {
			t.Errorf("Dir(.) read %s", name)
		}
	}
}
