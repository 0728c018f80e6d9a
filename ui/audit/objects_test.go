package audit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"custodia/i18n"
)

// objectArg is where a vault function takes the audited object: its
// argument index (by the number of arguments for audit, whose receivers
// differ: the session's, the consent store's and the vault's own).
func objectArg(name string, nargs int) int {
	switch name {
	case "audit":
		if i, ok := map[int]int{5: 3, 6: 3, 7: 4}[nargs]; ok {
			return i
		}
	case "run", "runRead", "auditFailure":
		return 2
	case "runMode":
		return 3
	case "auditDenied":
		return 4
	}
	return -1
}

// vaultObjectKinds reads the kinds of object the vault writes into the
// audit trail from its source: the object argument of every audit call
// and of the wrappers that audit (run, runRead, runMode, auditDenied,
// auditFailure), every AuditEntry's Object, every value given to a
// variable named object, and what the functions that build objects
// (purposeObject, subjectObject, objectSetting, …) return. A kind is the
// text before ':' ("patient:" + id), or a whole literal ("practice").
func vaultObjectKinds(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "vault", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("vault source not found: %v", err)
	}
	kinds := map[string]bool{}
	add := func(e ast.Expr) {
		for _, k := range literalKinds(e) {
			kinds[k] = true
		}
	}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
					if i := objectArg(sel.Sel.Name, len(x.Args)); i >= 0 && i < len(x.Args) {
						add(x.Args[i])
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Object" {
					add(x.Value)
				}
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == "object" && i < len(x.Rhs) {
						add(x.Rhs[i])
					}
				}
			case *ast.FuncDecl:
				if strings.Contains(strings.ToLower(x.Name.Name), "object") && x.Body != nil {
					ast.Inspect(x.Body, func(n ast.Node) bool {
						if r, ok := n.(*ast.ReturnStmt); ok {
							for _, e := range r.Results {
								add(e)
							}
						}
						return true
					})
				}
			}
			return true
		})
	}
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// literalKinds is the object kind a literal expression starts with.
func literalKinds(e ast.Expr) []string {
	switch x := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(x.Value)
		if err != nil || x.Kind != token.STRING || s == "" {
			return nil
		}
		kind, _, _ := strings.Cut(s, ":")
		return []string{kind}
	case *ast.BinaryExpr:
		return literalKinds(x.X)
	case *ast.CallExpr: // fmt.Sprintf("text:%s/%s/%d", …)
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(x.Args) > 0 {
			return literalKinds(x.Args[0])
		}
	}
	return nil
}

// Every kind of object the vault writes into the audit trail has a label
// in English and German (issue 10: no "patient Ref. 7d5d7713" or raw
// "practice" in the Object column).
func TestEveryAuditObjectKindIsLabelled(t *testing.T) {
	kinds := vaultObjectKinds(t)
	for _, want := range []string{"patient", "practice", "request", "study", "user"} {
		if !slices.Contains(kinds, want) {
			t.Fatalf("the source scan found %v, not %q: the scan is broken", kinds, want)
		}
	}
	cat := i18n.MustLoad()
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		for _, k := range kinds {
			if !loc.Has("auditobjects.kind." + k) {
				t.Errorf("%s: audit object kind %q has no label (auditobjects.kind.%s)", lang, k, k)
			}
		}
	}
	t.Logf("object kinds: %v", kinds)
}

func TestAuditObjectsInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	for obj, want := range map[string]string{
		"patient:0190a1b2-0000-7000-8000-00007d5d7713": "Patientenakte Ref. 7d5d7713",
		"practice": "Praxisangaben",
		"request:0190a1b2-0000-7000-8000-0000aabbccdd": "Antrag Ref. aabbccdd",
		"retention":              "Aufbewahrungsplan",
		"retention:clinical-10y": "Aufbewahrungsregel clinical-10y",
		"text:recall/de/2":       "Einwilligungstext " + de.Label("purpose", "recall", "recall") + " (Deutsch, Version 2)",
		"":                       "",
	} {
		if got := auditObject(de, obj, nil); got != want {
			t.Errorf("%q: %q, want %q", obj, got, want)
		}
	}
}
