package archtest

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// typedFrontEnds are the front-end packages whose calls are type-checked,
// with the build tags that include every file that ships (the screenshot
// tour is built with -tags tour; it is a superset of the production files
// but for cmd/custodia/notour.go, which holds one empty function).
var typedFrontEnds = []struct{ pkg, tags string }{
	{"custodia/ui", "tour"},
	{"custodia/ui/kit", ""},
	{"custodia/ui/audit", ""},
	{"custodia/ui/backup", ""},
	{"custodia/ui/dashboard", ""},
	{"custodia/ui/governance", ""},
	{"custodia/ui/patients", ""},
	{"custodia/ui/users", ""},
	{"custodia/ui/research", ""},
	{"custodia/cmd/custodia", "tour"},
	{"custodia/cmd/custodiactl", ""},
}

// TestFrontEndsCallNoVaultUseCase type-checks the front ends and fails
// where one calls, or takes as a method value, a vault method that a use
// case of package app wraps (useCases' vault lists): on *vault.Session
// (also promoted through app.VaultSession) or on any interface, such as
// the desktop app's own Session. Methods of other types with the same
// name (a view's ChangePassphrase, a table's SetRole) are not calls of
// the vault.
func TestFrontEndsCallNoVaultUseCase(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the front ends' dependencies")
	}
	wrapped := map[string]string{}
	for _, uc := range useCases {
		for _, m := range uc.vault {
			wrapped[m] = uc.fn
		}
	}
	for _, fe := range typedFrontEnds {
		t.Run(fe.pkg, func(t *testing.T) {
			fset, info, pos := typeCheck(t, fe.pkg, fe.tags)
			for id, sel := range info.Selections {
				fn, ok := sel.Obj().(*types.Func)
				if !ok || sel.Kind() != types.MethodVal || wrapped[fn.Name()] == "" || !onVault(fn) {
					continue
				}
				t.Errorf("%s: calls the vault's %s directly; call app.%s", pos(fset, id), fn.Name(), wrapped[fn.Name()])
			}
		})
	}
}

// onVault reports whether a method belongs to *vault.Session or to an
// interface (which a vault session satisfies in production).
func onVault(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil &&
		n.Obj().Pkg().Path() == "custodia/vault" && n.Obj().Name() == "Session" {
		return true
	}
	_, iface := t.Underlying().(*types.Interface)
	return iface
}

type listed struct {
	ImportPath string
	Dir        string
	Export     string
	GoFiles    []string
}

// typeCheck type-checks a package's non-test files against the export
// data of its dependencies (go list -export builds them, as go vet does).
func typeCheck(t *testing.T, pkg, tags string) (*token.FileSet, *types.Info, func(*token.FileSet, *ast.SelectorExpr) string) {
	t.Helper()
	pkgs := goListExport(t, pkg, tags)
	exports := map[string]string{}
	var self listed
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
		if p.ImportPath == pkg {
			self = p
		}
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range self.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(self.Dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	lookup := func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, os.ErrNotExist
		}
		return os.Open(exports[path])
	}
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", lookup)}
	if _, err := conf.Check(pkg, fset, files, info); err != nil {
		t.Fatalf("type-checking %s: %v", pkg, err)
	}
	pos := func(fset *token.FileSet, id *ast.SelectorExpr) string {
		p := fset.Position(id.Sel.Pos())
		return filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
	}
	return fset, info, pos
}

func goListExport(t *testing.T, pkg, tags string) []listed {
	t.Helper()
	args := []string{"list", "-export", "-deps", "-json=ImportPath,Dir,Export,GoFiles"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	out := goCmd(t, nil, append(args, pkg)...)
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}
