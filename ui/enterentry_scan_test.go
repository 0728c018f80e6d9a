package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// singleLineMakers make a single-line text field.
var singleLineMakers = map[string]bool{"NewEscEntry": true, "NewPrivateEntry": true, "NewEscPasswordEntry": true,
	"NewPassphraseInput": true, "NewEntry": true, "NewPasswordEntry": true, "NewSelectEntry": true, "newDateEntry": true}

// enterWiredElsewhere are the files whose fields Enter is wired for in
// another file, each with where.
var enterWiredElsewhere = map[string]string{
	filepath.Join("requests", "dates.go"):    "newDateEntry's field is wired by the dialog it is put in",
	filepath.Join("requests", "deadline.go"): "the told-on field is wired by the extension dialog (detail.go)",
	filepath.Join("research", "wstudy.go"):   "the wizard wires its steps' fields to Next (wizard.go)",
	filepath.Join("research", "wcohort.go"):  "the wizard wires its steps' fields to Next (wizard.go)",
}

// clickOnly are the files of destructive confirmations, which Enter must
// never confirm: they take the click (issue 10).
var clickOnly = map[string]string{
	filepath.Join("requests", "erasureconfirm.go"): "the erasure's final confirmation",
	filepath.Join("research", "destroykey.go"):     "destroying a study key",
	filepath.Join("governance", "governance.go"):   "purging kept data",
}

// TestFormsSubmitOnEnter: a file of the desktop app that makes a
// single-line text field wires Enter in it (kit.SubmitOnEnter,
// kit.ConfirmOnEnter, or an OnSubmitted of its own such as a search),
// and shows no confirm dialog through dialog.ShowCustomConfirm, which
// hides the dialog Enter would confirm; destructive confirmations
// (clickOnly) are never wired. TestEnterPressesThePrimaryButton
// checks the forms it can open; this scan catches a new form.
func TestFormsSubmitOnEnter(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.HasPrefix(path, "kit"+string(filepath.Separator)) {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		makes, wired, showConfirm := enterUse(f)
		if what, ok := clickOnly[path]; ok && wired {
			t.Errorf("%s: Enter is wired in %s, which must take the click", path, what)
		}
		if !makes.IsValid() {
			return nil
		}
		if showConfirm.IsValid() {
			t.Errorf("%s: dialog.ShowCustomConfirm in a form with text fields; use NewCustomConfirm and kit.ConfirmOnEnter", fset.Position(showConfirm))
		}
		if _, ok := enterWiredElsewhere[path]; !ok && !wired {
			t.Errorf("%s: a single-line field whose Enter does nothing; wire the form with kit.SubmitOnEnter (or kit.ConfirmOnEnter)", fset.Position(makes))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// enterUse finds in f the first call making a single-line field, whether
// Enter is wired (SubmitOnEnter, ConfirmOnEnter or an OnSubmitted set),
// and a dialog.ShowCustomConfirm call.
func enterUse(f *ast.File) (makes token.Pos, wired bool, showConfirm token.Pos) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			name := calledName(x.Fun)
			switch {
			case singleLineMakers[name] && !makes.IsValid():
				makes = x.Pos()
			case name == "SubmitOnEnter" || name == "ConfirmOnEnter":
				wired = true
			case name == "ShowCustomConfirm":
				showConfirm = x.Pos()
			}
		case *ast.SelectorExpr:
			if x.Sel.Name == "OnSubmitted" {
				wired = true
			}
		}
		return true
	})
	return makes, wired, showConfirm
}

// calledName is the function's name of a call: F for F(), pkg.F() and x.F().
func calledName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}
