package fhirimport

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Every problem the importer reports carries a rule code, so the front
// ends word it in the reader's language and never show the English
// message: no Problem literal in the package's sources lacks its Rule,
// and every call of add or refuse names its rule by a Rule constant,
// never by a string (an untyped string would still compile as a Rule).
func TestNoUncodedProblems(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literals, calls := 0, 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range uncodedProblems(f, &literals, &calls) {
			t.Errorf("%s: a problem without a Rule code", fset.Position(p))
		}
	}
	if literals < 1 || calls < 20 {
		t.Fatalf("found %d Problem literals and %d add/refuse calls: the scan is not looking at the package's sources", literals, calls)
	}
}

// uncodedProblems are the places in f of Problem literals without a Rule
// key and of add or refuse calls whose rule is not a Rule constant; n and
// c count the literals and calls seen.
func uncodedProblems(f *ast.File, n, c *int) []token.Pos {
	var out []token.Pos
	ast.Inspect(f, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.CallExpr:
			sel, ok := x.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "add" && sel.Sel.Name != "refuse") {
				return true
			}
			*c++
			if len(x.Args) < 2 || !isRuleConstant(x.Args[1]) {
				out = append(out, x.Pos())
			}
		case *ast.CompositeLit:
			if isProblem(x.Type) {
				*n++
				if !hasRuleKey(x) {
					out = append(out, x.Pos())
				}
			}
			if arr, ok := x.Type.(*ast.ArrayType); ok && isProblem(arr.Elt) {
				for _, el := range x.Elts { // []Problem{{...}}: the element's type is elided
					if lit, ok := el.(*ast.CompositeLit); ok && lit.Type == nil {
						*n++
						if !hasRuleKey(lit) {
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

func isProblem(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "Problem"
}

func isRuleConstant(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && strings.HasPrefix(id.Name, "Rule")
}

func hasRuleKey(lit *ast.CompositeLit) bool {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Rule" {
				return true
			}
		}
	}
	return false
}

// Every Rule constant declared in rules.go has an English message and
// so is listed by Rules, which the front ends' test of words in both
// languages reads: a constant added without one changes the count.
func TestEveryRuleConstantIsListed(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "rules.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, spec := range g.Specs {
				declared += len(spec.(*ast.ValueSpec).Names)
			}
		}
	}
	if declared < 20 || declared != len(Rules()) {
		t.Errorf("%d Rule constants in rules.go, Rules lists %d", declared, len(Rules()))
	}
}

// A rule's English message has one %s per value its problems carry, so
// the message reads whole and Allowed holds exactly what it names.
func TestRuleMessagesFillFromAllowed(t *testing.T) {
	want := map[Rule]int{RuleOneOf: 4, RuleJSONType: 1, RuleTooLarge: 1, RuleReferenceTwice: 1, RuleReferenceType: 1, RuleMRNTwice: 1}
	for _, r := range Rules() {
		msg := ruleMessages[r]
		if got := strings.Count(msg, "%s"); got != want[r] || strings.Count(msg, "%") != got {
			t.Errorf("%s: %q has %d %%s, want %d", r, msg, got, want[r])
		}
		values := make([]string, want[r])
		for i := range values {
			values[i] = strconv.Itoa(i)
		}
		if p := newProblem("$", r, values...); strings.Contains(p.Message, "%!") || !slices.Equal(p.Allowed, values) {
			t.Errorf("%s: %+v", r, p)
		}
	}
}
