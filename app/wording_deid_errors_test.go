package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"custodia/deid"
	"custodia/i18n"
)

// deidProblems reads every deid.Problem constant from the deid sources,
// so a code added there without words here fails the test below.
func deidProblems(t *testing.T) []deid.Problem {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "deid", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []deid.Problem
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil || len(vs.Values) != 1 {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Problem" {
				return true
			}
			if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
				s, _ := strconv.Unquote(lit.Value)
				out = append(out, deid.Problem(s))
			}
			return true
		})
	}
	if len(out) < 30 {
		t.Fatalf("found only %d problem codes", len(out))
	}
	return out
}

// Every coded problem of the engine has words in both languages, and
// the German ones are not the English ones.
func TestEveryDeidProblemIsWorded(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	run := DeidRun{Input: "in.csv"}
	transform := map[deid.Problem]bool{deid.ProblemNotDate: true, deid.ProblemEmptyRecord: true,
		deid.ProblemNotZIP: true, deid.ProblemNotAge: true, deid.ProblemRowFields: true}
	for _, p := range deidProblems(t) {
		if transform[p] {
			continue // TransformError codes: checked in the engine (TestTransformErrorsAreCoded) and the CLI
		}
		err := &deid.InputError{Err: deid.ErrInvalidConfig, Problem: p, File: "h.csv", Line: 3, Column: "age", Other: 1, Got: 1, Want: 2}
		gotDE, okDE := DeidErrorText(de, err, run)
		gotEN, okEN := DeidErrorText(en, err, run)
		if !okDE || !okEN || strings.Contains(gotDE+gotEN, "⟦") || strings.Contains(gotDE+gotEN, "<no value>") {
			t.Errorf("%s: not worded: %q / %q", p, gotDE, gotEN)
			continue
		}
		if gotDE == gotEN {
			t.Errorf("%s: German equals English: %q", p, gotDE)
		}
	}
}

// The advice names the failing model in words and the suppression a
// solution needs in the reader's format.
func TestDeidAdviceInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	models := []deid.Model{deid.KAnonymity{K: 5}, deid.DistinctLDiversity{Attribute: "dx", L: 2}}
	err := &deid.NoSolutionError{SuppressionLimit: 0.05, Advice: &deid.Advice{Kind: deid.AdviceMoreSuppression,
		Models: []string{models[0].String(), models[1].String()}, NeedPercent: 7.25}}
	got, ok := DeidErrorText(de, err, DeidRun{Models: models})
	for _, want := range []string{"höchstens 5,00 %", "5-Anonymität, distinkte 2-Diversität von dx", "mindestens 7,25 % (0,0725)"} {
		if !ok || !strings.Contains(got, want) {
			t.Errorf("advice %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "anonymity") || strings.Contains(got, "suppressed") {
		t.Errorf("advice holds English: %q", got)
	}
}

// A hierarchy builder's date layout reads as a date pattern in the
// reader's language ("JJJJ-MM-TT"), never as Go's reference date.
func TestDateLayoutReadsAsAPattern(t *testing.T) {
	_, err := deid.DateHierarchy([]string{"14.03.1985"}, "2006-01-02")
	for lang, want := range map[string]string{"de": "JJJJ-MM-TT", "en": "YYYY-MM-DD"} {
		text, ok := DeidErrorText(i18n.MustLoad().Localizer(lang), err, DeidRun{})
		if !ok || !strings.Contains(text, want) || strings.Contains(text, "2006") {
			t.Errorf("%s: %q (worded %v), want the pattern %s", lang, text, ok, want)
		}
	}
}
