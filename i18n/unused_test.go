package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// dynamicFamilies are message id prefixes whose ids Go code builds from
// domain codes at run time, so no literal names them whole. Each has the
// reason it may stay unreferenced by a literal, and where its ids are
// checked against the codes instead.
var dynamicFamilies = map[string]string{
	"domaintext.art6.": "BasisID(\"art6\", point) for every consent.Art6Points() (app TestLawfulBasisAndDecisionLabels)",
	"domaintext.art9.": "BasisID(\"art9\", point) for every consent.Art9Points() (app TestLawfulBasisAndDecisionLabels)",
}

// labelCallee matches the functions that take a label kind as their
// first string argument and look up labels.<kind>.<code> (Localizer.Label
// and .Translate, and the front ends' wrappers of them).
var labelCallee = regexp.MustCompile(`(?i)^(label|labels|translate|labelled|labelof|codelabel)$`)

// quotedID finds message ids quoted inside a literal: templates call
// {{t "research2.html.heading"}} inside one Go string.
var quotedID = regexp.MustCompile(`"([a-z0-9]+(?:\.[A-Za-z0-9_-]+)+)"`)

// goStrings collects, from every non-test Go file of the module (except
// third_party), the string literals, the ids quoted inside them, and the
// first string argument of label calls (the label kinds).
func goStrings(t *testing.T, root string) (lits map[string]bool, kinds map[string]bool) {
	t.Helper()
	lits, kinds = map[string]bool{}, map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "third_party" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, ok := stringLit(n); ok {
					lits[s] = true
					for _, m := range quotedID.FindAllStringSubmatch(s, -1) {
						lits[m[1]] = true
					}
				}
			case *ast.CallExpr:
				if labelCallee.MatchString(calleeName(n.Fun)) {
					for _, a := range n.Args {
						if b, ok := a.(*ast.BasicLit); ok {
							if s, ok := stringLit(b); ok {
								kinds[s] = true
							}
							break
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return lits, kinds
}

func stringLit(b *ast.BasicLit) (string, bool) {
	if b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
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

// referenced reports whether Go code names id: whole in a literal, or by
// a literal prefix of at least two parts ("cli2.col." + name, a
// fmt.Sprintf format "accesspdf.right.%d"), or as a label kind
// (labels.<kind>.<code> looked up through Label/Translate), or by a
// listed dynamic family.
func referenced(id string, lits, kinds map[string]bool, prefixes []string) bool {
	if lits[id] {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	if rest, ok := strings.CutPrefix(id, "labels."); ok {
		kind, _, _ := strings.Cut(rest, ".")
		return kinds[kind]
	}
	for fam := range dynamicFamilies {
		if strings.HasPrefix(id, fam) {
			return true
		}
	}
	return false
}

// literalPrefixes are the literals that build ids by appending: ending
// in "." or "-" (or a Sprintf verb after such a prefix), with at least
// two dotted parts so that a bare area name never counts.
func literalPrefixes(lits map[string]bool) []string {
	var out []string
	for l := range lits {
		if i := strings.Index(l, "%"); i > 0 {
			l = l[:i]
		}
		if (strings.HasSuffix(l, ".") || strings.HasSuffix(l, "-")) && strings.Count(l, ".") >= 2 && !strings.ContainsAny(l, " {}\n") {
			out = append(out, l)
		}
	}
	return out
}

// Every message of the catalogue is used by some Go code (tests do not
// count): a text nobody can see is dead weight that translators keep
// paying for, and a sign of a screen that lost a label.
func TestNoUnusedMessages(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found above the i18n package: %v", err)
	}
	lits, kinds := goStrings(t, root)
	prefixes := literalPrefixes(lits)
	for _, id := range MustLoad().IDs("en") {
		if !referenced(id, lits, kinds, prefixes) {
			t.Errorf("message %s is used by no Go code: remove it from the catalogue (both languages) or list its family in dynamicFamilies with a reason", id)
		}
	}
}

// The scan finds what it must: a literal id, a prefix, a label kind; and
// it does not take a bare area name for a prefix.
func TestReferencedOracle(t *testing.T) {
	lits := map[string]bool{"a.b": true, "c.d.": true, "e.": true}
	kinds := map[string]bool{"role": true}
	prefixes := literalPrefixes(lits)
	for id, want := range map[string]bool{"a.b": true, "a.c": false, "c.d.x": true, "e.x": false,
		"labels.role.admin": true, "labels.sex.f": false, "domaintext.art6.a": true} {
		if got := referenced(id, lits, kinds, prefixes); got != want {
			t.Errorf("referenced(%s) = %v, want %v", id, got, want)
		}
	}
}
