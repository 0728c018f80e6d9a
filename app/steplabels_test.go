package app

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"custodia/i18n"
)

// stepAction finds the actions the consent package records on a
// request's transitions: `Action: "code"` literals and `Action… = "code"`
// constants.
var stepAction = regexp.MustCompile(`Action:\s*"([a-z-]+)"|\bAction[A-Z]\w*\s*=\s*"([a-z-]+)"`)

// TestEveryRequestStepIsLabelled: the history's step column (desktop and
// CLI) words every action the domain records, in both languages, instead
// of showing its code.
func TestEveryRequestStepIsLabelled(t *testing.T) {
	files, err := filepath.Glob("../consent/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("consent sources: %v", err)
	}
	actions := map[string]bool{}
	for _, f := range files {
		if matched, _ := filepath.Match("*_test.go", filepath.Base(f)); matched {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range stepAction.FindAllStringSubmatch(string(src), -1) {
			actions[m[1]+m[2]] = true
		}
	}
	if len(actions) < 5 {
		t.Fatalf("found only %d actions in consent: %v", len(actions), actions)
	}
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for a := range actions {
		e, g := en.Label("step", a, ""), de.Label("step", a, "")
		if e == a || g == a || e == g {
			t.Errorf("step %q: English %q, German %q (want a label in each language)", a, e, g)
		}
	}
}
