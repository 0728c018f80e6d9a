package srcscan

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// File is one parsed source file.
type File struct {
	Fset *token.FileSet
	AST  *ast.File
}

// Pos is where p is in the file, as "name.go:12:3".
func (f File) Pos(p token.Pos) token.Position { return f.Fset.Position(p) }

// Dir parses the non-test Go files of dir, sorted by name, whatever their
// build tags. It fails t when dir holds no Go file or one does not parse.
func Dir(t testing.TB, dir string) []File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	sort.Strings(names)
	var out []File
	for _, name := range names {
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
		out = append(out, File{fset, f})
	}
	return out
}

// Literals calls visit for every composite literal of the type named
// typeName in f: written out (T{...} or pkg.T{...}) or with the type
// elided inside a slice of it ([]T{{...}}).
func Literals(f *ast.File, typeName string, visit func(*ast.CompositeLit)) {
	ast.Inspect(f, func(x ast.Node) bool {
		lit, ok := x.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if namesType(lit.Type, typeName) {
			visit(lit)
		}
		if arr, ok := lit.Type.(*ast.ArrayType); ok && namesType(arr.Elt, typeName) {
			for _, el := range lit.Elts {
				if inner, ok := el.(*ast.CompositeLit); ok && inner.Type == nil {
					visit(inner)
				}
			}
		}
		return true
	})
}

// namesType reports whether e is the type name, plain or qualified.
func namesType(e ast.Expr, name string) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == name
	case *ast.SelectorExpr:
		return e.Sel.Name == name
	}
	return false
}

// HasKey reports whether a composite literal sets the field key.
func HasKey(lit *ast.CompositeLit, key string) bool {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == key {
				return true
			}
		}
	}
	return false
}
