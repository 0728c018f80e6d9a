package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// exitCodes reads the one exit-code table (the const block of errors.go
// whose names start with "exit") from the source, so a code added there
// without documentation fails here.
func exitCodes(t *testing.T) map[string]int {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]int{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 || !strings.HasPrefix(vs.Names[0].Name, "exit") {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
			v, _ := strconv.Atoi(lit.Value)
			codes[vs.Names[0].Name] = v
		}
		return true
	})
	return codes
}

func TestExitCodesDocumented(t *testing.T) {
	codes := exitCodes(t)
	if codes["exitCancelled"] != exitCancelled || exitCancelled != 130 {
		t.Fatalf("exitCancelled missing from the table in errors.go: %v", codes)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for name, code := range codes {
		if !strings.Contains(string(readme), "| "+strconv.Itoa(code)+" |") {
			t.Errorf("README.md exit-code table lacks %d (%s)", code, name)
		}
		if !strings.Contains(string(doc), "//\t"+strconv.Itoa(code)+" ") {
			t.Errorf("doc.go exit-code list lacks %d (%s)", code, name)
		}
	}
}

// TestCommandListExplicit checks that every top-level command of the
// explicit list is reachable and listed in the README.
func TestCommandListExplicit(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range commands() {
		if seen[c.name] {
			t.Errorf("command %q listed twice", c.name)
		}
		seen[c.name] = true
		if newRoot().find(c.name) == nil {
			t.Errorf("command %q not in the tree", c.name)
		}
		if !strings.Contains(string(readme), "`"+c.name) {
			t.Errorf("README.md does not mention command %q", c.name)
		}
	}
}
