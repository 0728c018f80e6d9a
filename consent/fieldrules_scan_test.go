package consent

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every field error the consent package builds carries a rule code, so
// the front ends word it in the reader's language and never show the
// English message: no FieldError literal in the package's sources lacks
// its Rule, and nothing calls a message-only helper (the old
// (*fields).add(field, format, args...)).
func TestNoUncodedFieldErrors(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literals := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range uncodedFieldErrors(f, &literals) {
			t.Errorf("%s: a field error without a Rule code", fset.Position(p))
		}
	}
	if literals < 2 {
		t.Fatalf("found %d FieldError literals: the scan is not looking at the consent sources", literals)
	}
}

// uncodedFieldErrors are the places in f of FieldError literals without a
// Rule key and of calls to a fields method named add (message only); n
// counts the FieldError literals seen.
func uncodedFieldErrors(f *ast.File, n *int) []token.Pos {
	var out []token.Pos
	ast.Inspect(f, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil && x.Name.Name == "add" && receiverIsFields(x.Recv) {
				out = append(out, x.Pos())
			}
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "add" && len(x.Args) >= 2 && isStringLit(x.Args[1]) {
				out = append(out, x.Pos())
			}
		case *ast.CompositeLit:
			if isFieldErrorType(x.Type) {
				*n++
				if !hasKey(x, "Rule") {
					out = append(out, x.Pos())
				}
			}
			if arr, ok := x.Type.(*ast.ArrayType); ok && isFieldErrorType(arr.Elt) {
				for _, el := range x.Elts { // []FieldError{{...}}: the element's type is elided
					if lit, ok := el.(*ast.CompositeLit); ok && lit.Type == nil {
						*n++
						if !hasKey(lit, "Rule") {
							out = append(out, lit.Pos())
						}
					}
				}
			}
		}
		return true
	})
	return out
}

// receiverIsFields reports a method of the fields collector.
func receiverIsFields(recv *ast.FieldList) bool {
	for _, r := range recv.List {
		typ := r.Type
		if star, ok := typ.(*ast.StarExpr); ok {
			typ = star.X
		}
		if id, ok := typ.(*ast.Ident); ok && id.Name == "fields" {
			return true
		}
	}
	return false
}

func isStringLit(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING
}

func isFieldErrorType(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "FieldError"
	case *ast.SelectorExpr:
		return e.Sel.Name == "FieldError"
	}
	return false
}

func hasKey(lit *ast.CompositeLit, key string) bool {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == key {
				return true
			}
		}
	}
	return false
}
