package vault

import (
	"go/ast"
	"go/token"
	"strings"
	"testing"

	"custodia/internal/srcscan"
)

// Every field error the vault builds carries a rule code, so the front
// ends word it in the reader's language and never show the English
// message with its ids: no FieldError or consent.FieldError literal in
// the vault's sources lacks its Rule, nothing calls a message-only
// helper (the old invalid(field, msg)), and no fmt.Errorf wraps
// ErrValidation around an English text alone.
func TestNoUncodedFieldErrors(t *testing.T) {
	literals := 0
	for _, f := range srcscan.Dir(t, ".") {
		for _, p := range uncodedFieldErrors(f.AST, &literals) {
			t.Errorf("%s: a field error without a Rule code", f.Pos(p))
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
	srcscan.Literals(f, "FieldError", func(lit *ast.CompositeLit) {
		*n++
		if !srcscan.HasKey(lit, "Rule") {
			out = append(out, lit.Pos())
		}
	})
	ast.Inspect(f, func(x ast.Node) bool {
		if call, ok := x.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "invalid" || bareValidation(call) {
				out = append(out, call.Pos())
			}
		}
		return true
	})
	return out
}

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
