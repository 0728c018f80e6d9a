package consent

import (
	"go/ast"
	"go/token"
	"testing"

	"custodia/internal/srcscan"
)

// Every field error the consent package builds carries a rule code, so
// the front ends word it in the reader's language and never show the
// English message: no FieldError literal in the package's sources lacks
// its Rule, and nothing calls a message-only helper (the old
// (*fields).add(field, format, args...)).
func TestNoUncodedFieldErrors(t *testing.T) {
	literals := 0
	for _, f := range srcscan.Dir(t, ".") {
		for _, p := range uncodedFieldErrors(f.AST, &literals) {
			t.Errorf("%s: a field error without a Rule code", f.Pos(p))
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
	srcscan.Literals(f, "FieldError", func(lit *ast.CompositeLit) {
		*n++
		if !srcscan.HasKey(lit, "Rule") {
			out = append(out, lit.Pos())
		}
	})
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
