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

// plainEntryAllowed are the files that may still make a plain
// widget.Entry, each with its reason.
var plainEntryAllowed = map[string]string{
	"unlock.go": "the unlock screen is a window, not a dialog; Esc there has nothing to close",
}

// plainEntryConstructors make a widget.Entry that swallows Esc.
var plainEntryConstructors = map[string]bool{"NewEntry": true, "NewMultiLineEntry": true, "NewPasswordEntry": true}

// TestNoPlainEntries: every text field of the desktop app passes Esc on to
// its window (kit.EscEntry or kit.PrivateEntry), so Esc closes the dialog or form
// the cursor is in. It scans the ui sources for widget.NewEntry,
// NewMultiLineEntry, NewPasswordEntry and widget.Entry{} literals; the
// research wizard (ui/research) is scanned too once it uses EscEntry.
func TestNoPlainEntries(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if _, ok := plainEntryAllowed[path]; ok || strings.HasPrefix(path, "research"+string(filepath.Separator)) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, pos := range plainEntries(f) {
			t.Errorf("%s: a plain widget.Entry; use kit.NewEscEntry (or kit.NewPrivateEntry for patient data) so Esc closes its dialog", fset.Position(pos))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// plainEntries finds widget.New*Entry calls and widget.Entry literals in f.
func plainEntries(f *ast.File) []token.Pos {
	var out []token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if name, ok := widgetSelector(x.Fun); ok && plainEntryConstructors[name] {
				out = append(out, x.Pos())
			}
		case *ast.CompositeLit:
			if name, ok := widgetSelector(x.Type); ok && name == "Entry" {
				out = append(out, x.Pos())
			}
		}
		return true
	})
	return out
}

// widgetSelector returns Name for an expression widget.Name.
func widgetSelector(e ast.Expr) (string, bool) {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return sel.Sel.Name, ok && pkg.Name == "widget"
}

// choiceConstructors make a Select or Check that takes the focus when
// clicked and swallows Esc.
var choiceConstructors = map[string]string{"NewSelect": "kit.NewEscSelect", "NewCheck": "kit.NewEscCheck",
	"NewRadioGroup": "kit.NewEscRadioGroup", "NewCheckGroup": "kit.NewEscCheckGroup",
	"NewSelectWithData": "kit.NewEscSelect", "NewCheckWithData": "kit.NewEscCheck"}

// TestNoPlainChoices: every select and check box of the desktop app, the
// research wizard included, passes Esc on to its window, so Esc closes a
// dialog after a choice was made in it (a clicked widget keeps the focus).
func TestNoPlainChoices(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if name, ok := widgetSelector(c.Fun); ok && choiceConstructors[name] != "" {
					t.Errorf("%s: widget.%s swallows Esc once clicked; use %s", fset.Position(c.Pos()), name, choiceConstructors[name])
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
