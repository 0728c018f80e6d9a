package vault

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// actionParams are the vault functions that write an audit entry under an
// action given as a parameter: the parameter's index, and the argument
// count that tells same-named methods apart (0: any).
var actionParams = []struct {
	name  string
	args  int
	index int
}{
	{"audit", 7, 3}, {"audit", 6, 2}, {"audit", 5, 2}, // Vault, Session, ConsentStore
	{"do", 5, 2}, {"doRead", 5, 2}, {"bind", 6, 3},
	{"run", 4, 1}, {"runRead", 4, 1}, {"runMode", 5, 2},
	{"auditDenied", 5, 3}, {"auditFailure", 3, 1}, {"Authorize", 3, 1},
	{"failedUnlock", 3, 1}, {"reissue", 4, 2}, {"changeUserK", 3, 1}, {"runAny", 2, 0},
}

// writtenActions reads the vault's source (tests excluded) and returns
// every action code it can write to the audit trail: string literals and
// constants handed to the functions above or set as AuditEntry.Action,
// and the literals assigned to a local variable handed on. A parameter
// handed on (a wrapper) is checked at its callers. Anything else is
// returned in unresolved, with its position.
func writtenActions(t *testing.T) (actions []string, unresolved []string) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	consts := map[string]string{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, sp := range g.Specs {
					vs := sp.(*ast.ValueSpec)
					for i, id := range vs.Names {
						if i < len(vs.Values) {
							if s, ok := stringLit(vs.Values[i]); ok {
								consts[id.Name] = s
							}
						}
					}
				}
			}
		}
	}
	// Clinical tables compose their actions from their noun
	// (newClinicalTable(name, noun), actions noun+".list" and so on).
	var nouns []string
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && callName(c) == "newClinicalTable" && len(c.Args) == 2 {
				if s, ok := stringLit(c.Args[1]); ok {
					nouns = append(nouns, s)
				}
			}
			return true
		})
	}
	if len(nouns) == 0 {
		t.Fatal("no clinical table nouns found")
	}
	values := func(e ast.Expr) []string { return exprValues(e, consts, nouns) }
	seen := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			resolve := func(e ast.Expr) {
				if vs := values(e); len(vs) > 0 {
					for _, v := range vs {
						seen[v] = true
					}
					return
				}
				id, ok := e.(*ast.Ident)
				if !ok {
					unresolved = append(unresolved, fset.Position(e.Pos()).String())
					return
				}
				if s, ok := consts[id.Name]; ok {
					seen[s] = true
					return
				}
				if isParam(fn, id.Name) {
					return
				}
				vals := assigned(fn, id.Name, values)
				if len(vals) == 0 {
					unresolved = append(unresolved, fset.Position(e.Pos()).String()+" "+id.Name)
				}
				for _, v := range vals {
					seen[v] = true
				}
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					name := callName(x)
					if arg, lit, ok := sqlAuditAction(x); ok {
						if lit != "" {
							seen[lit] = true
						} else {
							resolve(arg)
						}
					}
					for _, p := range actionParams {
						if p.name == name && (p.args == 0 || p.args == len(x.Args)) {
							resolve(x.Args[p.index])
						}
					}
				case *ast.CompositeLit:
					if id, ok := x.Type.(*ast.Ident); ok && id.Name == "AuditEntry" {
						for _, el := range x.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok {
								if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Action" {
									resolve(kv.Value)
								}
							}
						}
					}
				}
				return true
			})
		}
	}
	for s := range seen {
		actions = append(actions, s)
	}
	slices.Sort(actions)
	return actions, unresolved
}

var insertAudit = regexp.MustCompile(`(?i)^INSERT INTO audit_(?:log|pending) \(([^)]*)\) VALUES \(([^)]*)\)`)

// sqlAuditAction finds a direct SQL insert into the audit tables,
// tx.Exec("INSERT INTO audit_pending (…, action, …) VALUES (…)", args…),
// and returns the action: a quoted SQL literal, or the argument bound to
// its placeholder.
func sqlAuditAction(c *ast.CallExpr) (arg ast.Expr, lit string, ok bool) {
	if len(c.Args) == 0 {
		return nil, "", false
	}
	q, isLit := stringLit(c.Args[0])
	m := insertAudit.FindStringSubmatch(strings.TrimSpace(q))
	if !isLit || m == nil {
		return nil, "", false
	}
	cols, vals := strings.Split(m[1], ","), strings.Split(m[2], ",")
	placeholder := 0
	for i, col := range cols {
		v := strings.TrimSpace(vals[i])
		if strings.TrimSpace(col) == "action" {
			if v != "?" {
				return nil, strings.Trim(v, "'"), true
			}
			return c.Args[1+placeholder], "", true
		}
		if v == "?" {
			placeholder++
		}
	}
	return nil, "", false
}

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

func callName(c *ast.CallExpr) string {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func isParam(fn *ast.FuncDecl, name string) bool {
	for _, fl := range fn.Type.Params.List {
		for _, n := range fl.Names {
			if n.Name == name {
				return true
			}
		}
	}
	return false
}

// exprValues is what an expression can be: a literal, a constant, or a
// clinical table's noun plus a literal suffix (one value per noun).
func exprValues(e ast.Expr, consts map[string]string, nouns []string) []string {
	if s, ok := stringLit(e); ok {
		return []string{s}
	}
	switch x := e.(type) {
	case *ast.Ident:
		if s, ok := consts[x.Name]; ok {
			return []string{s}
		}
	case *ast.BinaryExpr:
		suffix, ok := stringLit(x.Y)
		sel, isSel := x.X.(*ast.SelectorExpr)
		if x.Op == token.ADD && ok && isSel && sel.Sel.Name == "noun" {
			out := make([]string, len(nouns))
			for i, n := range nouns {
				out[i] = n + suffix
			}
			return out
		}
	}
	return nil
}

// assigned is every value assigned to the local variable name in fn.
func assigned(fn *ast.FuncDecl, name string, values func(ast.Expr) []string) []string {
	var out []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok || len(a.Lhs) != len(a.Rhs) {
			return true
		}
		for i, l := range a.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == name {
				out = append(out, values(a.Rhs[i])...)
			}
		}
		return true
	})
	return out
}

// AuditActions is the vault's list of what it writes: every action the
// source can write is in it, and every entry is written somewhere.
func TestAuditActionsMatchTheSource(t *testing.T) {
	written, unresolved := writtenActions(t)
	for _, u := range unresolved {
		t.Errorf("%s: an audit action that is neither a literal, a constant nor a parameter handed on", u)
	}
	if len(written) < 40 {
		t.Fatalf("the scan found only %d actions: %v", len(written), written)
	}
	listed := AuditActions()
	for _, a := range written {
		if !slices.Contains(listed, a) {
			t.Errorf("the vault writes audit action %q, which AuditActions does not list", a)
		}
	}
	for _, a := range listed {
		if !slices.Contains(written, a) {
			t.Errorf("AuditActions lists %q, which the vault never writes", a)
		}
	}
}
