package vault

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every field error the vault builds carries a rule code, so the front
// ends word it in the reader's language and never show the English
// message with its ids: no FieldError or consent.FieldError literal in
// the vault's sources lacks its Rule, nothing calls a message-only
// helper (the old invalid(field, msg)), and no fmt.Errorf wraps
// ErrValidation around an English text alone.
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
	if literals < 3 {
		t.Fatalf("found %d FieldError literals: the scan is not looking at the vault's sources", literals)
	}
}

// uncodedFieldErrors are the places in f of FieldError literals without a
// Rule key, of calls to a function named invalid and of bare
// ErrValidation wraps; n counts the FieldError literals seen.
func uncodedFieldErrors(f *ast.File, n *int) []token.Pos {
	var out []token.Pos
	ast.Inspect(f, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "invalid" {
				out = append(out, x.Pos())
			}
			if bareValidation(x) {
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

// bareValidation reports an fmt.Errorf that wraps ErrValidation with an
// English text only: people would read "invalid input" and not what. A
// second %w wrapping a typed cause (a study definition's own validation
// error) is worded through that cause.
func bareValidation(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Errorf" || len(call.Args) < 2 {
		return false
	}
	if id, ok := call.Args[1].(*ast.Ident); !ok || id.Name != "ErrValidation" {
		return false
	}
	format, ok := call.Args[0].(*ast.BasicLit)
	return !ok || strings.Count(format.Value, "%w") < 2
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
