package fhirimport

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"custodia/internal/srcscan"
)

// Every problem the importer reports carries a rule code, so the front
// ends word it in the reader's language and never show the English
// message: no Problem literal in the package's sources lacks its Rule,
// and every call of add or refuse names its rule by a Rule constant,
// never by a string (an untyped string would still compile as a Rule).
func TestNoUncodedProblems(t *testing.T) {
	literals, calls := 0, 0
	for _, f := range srcscan.Dir(t, ".") {
		for _, p := range uncodedProblems(f.AST, &literals, &calls) {
			t.Errorf("%s: a problem without a Rule code", f.Pos(p))
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
	srcscan.Literals(f, "Problem", func(lit *ast.CompositeLit) {
		*n++
		if !srcscan.HasKey(lit, "Rule") {
			out = append(out, lit.Pos())
		}
	})
	ast.Inspect(f, func(x ast.Node) bool {
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "add" && sel.Sel.Name != "refuse") {
			return true
		}
		*c++
		if len(call.Args) < 2 || !isRuleConstant(call.Args[1]) {
			out = append(out, call.Pos())
		}
		return true
	})
	return out
}

func isRuleConstant(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && strings.HasPrefix(id.Name, "Rule")
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
