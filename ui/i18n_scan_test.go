package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"custodia/i18n"
)

// textArgs names the calls whose string arguments people read: widget and
// dialog constructors, setters and menu builders. The index lists which
// arguments are words (-1: every string argument).
var textArgs = map[string][]int{
	// widget
	"NewLabel": {0}, "NewButton": {0}, "NewButtonWithIcon": {0}, "NewCheck": {0}, "NewCard": {0, 1},
	"NewFormItem": {0}, "NewTabItem": {0}, "NewTabItemWithIcon": {0}, "NewRichTextWithText": {0},
	"NewRichTextFromMarkdown": {0}, "NewHyperlink": {0}, "NewAccordionItem": {0}, "NewToolbarAction": {},
	"NewSelect": {-1}, "NewRadioGroup": {-1}, "NewCheckGroup": {-1}, "NewSelectEntry": {-1},
	// ui/kit's choices that pass Esc on
	"NewEscSelect": {-1}, "NewEscCheck": {0}, "NewEscRadioGroup": {-1}, "NewEscCheckGroup": {-1},
	"SetText": {0}, "SetPlaceHolder": {0}, "SetTitle": {0}, "Append": {0}, "SetSubTitle": {0},
	// dialog
	"ShowInformation": {0, 1}, "ShowConfirm": {0, 1}, "NewConfirm": {0, 1}, "NewInformation": {0, 1},
	"NewCustom": {0, 1}, "ShowCustom": {0, 1}, "NewCustomConfirm": {0, 1, 2}, "ShowCustomConfirm": {0, 1, 2},
	"NewCustomWithoutButtons": {0}, "ShowCustomWithoutButtons": {0}, "NewForm": {0, 1, 2}, "ShowForm": {0, 1, 2},
	"NewEntryDialog": {0, 1},
	// menus and the window
	"NewMenu": {0}, "NewMenuItem": {0}, "NewWindow": {0},
	// ui's own helpers that show their argument
	"heading": {0}, "boldLabel": {0}, "wrapLabel": {0}, "PDFButton": {0}, "NewTextTable": {-1},
	"Heading": {0}, "BoldLabel": {0}, "WrapLabel": {0}, "RunWithProgress": {0, 1},
	"WrappedCard": {0, 1}, "NewProgressDialog": {1, 2}, "FormItems": {0},
}

// allowedLiterals may appear in those places: no words, or words that are
// the same in every language.
var allowedLiterals = map[string]bool{
	"Custodia": true, // the product's name (window title)
	"OK":       true,
	// a sample line measured for a table row's height, never shown (ui/kit)
	"Ag": true,
	// the recovery code's pattern as a placeholder (no words)
	"XXXX-XXXX-…": true,
	// an age public key's prefix as a placeholder (ui/research)
	"age1…": true,
}

// exemptFiles hold no words people read in the product (the screenshot
// tour is built only with -tags tour).
var exemptFiles = map[string]string{
	"tour.go":        "development screenshot tour (build tag tour)",
	"consenttour.go": "development screenshot tour (build tag tour)",
}

// isWords reports whether a literal holds something to translate: a letter
// that is not part of a placeholder pattern such as "00.00.0000".
func isWords(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// A string literal with words passed to a widget or dialog constructor,
// a setter or a menu builder is a string the catalogue does not hold:
// every such word must come from the Localizer.
func TestNoLiteralWordsInWidgets(t *testing.T) {
	for _, dir := range scannedDirs(t) {
		for _, f := range literalWords(t, dir) {
			t.Errorf("%s: %q is not from the catalogue (loc.T)", f.pos, f.text)
		}
	}
}

type literalWord struct {
	pos  string
	text string
}

func literalWords(t *testing.T, dir string) []literalWord {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []literalWord
	for _, name := range names {
		base := filepath.Base(name)
		if strings.HasSuffix(base, "_test.go") || exemptFiles[base] != "" {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			idx, ok := textArgs[calleeName(call.Fun)]
			if !ok {
				return true
			}
			for i, arg := range call.Args {
				if !wanted(idx, i) {
					continue
				}
				for _, lit := range stringLiterals(arg) {
					s, err := strconv.Unquote(lit.Value)
					if err != nil || !isWords(s) || allowedLiterals[s] {
						continue
					}
					out = append(out, literalWord{pos: fset.Position(lit.Pos()).String(), text: s})
				}
			}
			return true
		})
	}
	return out
}

func wanted(idx []int, i int) bool {
	for _, x := range idx {
		if x == -1 || x == i {
			return true
		}
	}
	return false
}

func calleeName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// stringLiterals are the literals an argument is made of: the literal
// itself, the parts of a concatenation, or the elements of a []string{…};
// the arguments of a call inside (loc.T("id"), fmt.Sprintf) are not words
// shown as they are, except fmt.Sprintf's format.
func stringLiterals(e ast.Expr) []*ast.BasicLit {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return []*ast.BasicLit{x}
		}
	case *ast.BinaryExpr:
		return append(stringLiterals(x.X), stringLiterals(x.Y)...)
	case *ast.ParenExpr:
		return stringLiterals(x.X)
	case *ast.CompositeLit:
		var out []*ast.BasicLit
		for _, el := range x.Elts {
			out = append(out, stringLiterals(el)...)
		}
		return out
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Sprint") && len(x.Args) > 0 {
			return stringLiterals(x.Args[0])
		}
	}
	return nil
}

// The scanner finds what it is meant to find: a literal in a label, a
// concatenation, a dialog title and a Select's options; ids and empty
// strings pass.
func TestScannerCatchesLiterals(t *testing.T) {
	dir := t.TempDir()
	src := `package x
func f() {
	widget.NewLabel("Hello")
	widget.NewLabel(loc.T("x.hello"))
	widget.NewLabel("")
	l.SetText("Saved to " + path)
	dialog.ShowConfirm("Delete?", loc.T("x.q"), nil, w)
	widget.NewSelect([]string{"one", "two"}, nil)
	e.SetPlaceHolder("00.00.0000")
	l.SetText(fmt.Sprintf("%d patients", n))
}
`
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range literalWords(t, dir) {
		got = append(got, f.text)
	}
	want := []string{"Hello", "Saved to ", "Delete?", "one", "two", "%d patients"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("found %q, want %q", got, want)
	}
}

// Every message id the code names literally (…T("id"), N("id", …),
// Label kinds excluded) exists in every shipped language.
func TestMessageIDsUsedExist(t *testing.T) {
	c := i18n.MustLoad()
	seen := map[string]bool{}
	for _, dir := range append(scannedDirs(t), filepath.Join("..", "cmd", "custodiactl")) {
		for _, id := range usedIDs(t, dir) {
			seen[id] = true
		}
	}
	if len(seen) < 100 {
		t.Fatalf("only %d message ids found in the code: is the scan broken?", len(seen))
	}
	for id := range seen {
		for _, lang := range i18n.Languages() {
			if !c.Has(lang, id) {
				t.Errorf("%s: message %q is used in code but missing", lang, id)
			}
		}
	}
}

// usedIDs are the literal first arguments of T and N calls, and the ids
// of tables that hold ids (strings that look like "area.name" in
// composite literals of ids: shortcutRows, auditColumns, consentStateIDs).
func usedIDs(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	areas := map[string]bool{}
	for _, lang := range []string{"en"} {
		for _, id := range i18n.MustLoad().IDs(lang) {
			area, _, _ := strings.Cut(id, ".")
			areas[area] = true
		}
	}
	var out []string
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if name := calleeName(x.Fun); (name == "T" || name == "N") && len(x.Args) > 0 {
					if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						out = append(out, s)
					}
				}
			case *ast.BasicLit:
				// ids kept in tables: "menus.keys.search", "audit.col.seq", …
				if x.Kind != token.STRING {
					return true
				}
				s, _ := strconv.Unquote(x.Value)
				area, rest, ok := strings.Cut(s, ".")
				if ok && areas[area] && rest != "" && !strings.ContainsAny(s, " /:%{") && !strings.HasSuffix(s, ".") {
					if lastPart := s[strings.LastIndex(s, ".")+1:]; lastPart != "" && isIDPart(lastPart) {
						out = append(out, s)
					}
				}
			}
			return true
		})
	}
	return out
}

func isIDPart(s string) bool {
	for _, r := range s {
		if !(unicode.IsLower(r) || unicode.IsDigit(r) || r == '-') {
			return false
		}
	}
	return true
}

// scannedDirs are the desktop app's packages: ui, every package below it
// (the kit, the feature packages, test helpers) and cmd/custodia.
func scannedDirs(t *testing.T) []string {
	t.Helper()
	dirs := []string{filepath.Join("..", "cmd", "custodia")}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if gos, _ := filepath.Glob(filepath.Join(path, "*.go")); len(gos) > 0 {
			dirs = append(dirs, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}
