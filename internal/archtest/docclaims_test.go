package archtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A package's doc.go that says what it is built on names every import
// outside the standard library (issue 10: consent and deid claimed
// "standard library only" while importing more).
func TestDocNamesNonStandardImports(t *testing.T) {
	for _, dir := range []string{"consent", "deid"} {
		doc, err := os.ReadFile(filepath.Join("..", "..", dir, "doc.go"))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(doc)), " ")
		if strings.Contains(text, "standard library only") {
			t.Errorf("%s/doc.go claims \"standard library only\"", dir)
		}
		imports := strings.Fields(string(goCmd(t, []string{"CGO_ENABLED=0"}, "list", "-f", `{{join .Imports " "}}`, "custodia/"+dir)))
		for _, imp := range imports {
			first, _, _ := strings.Cut(imp, "/")
			if !strings.Contains(first, ".") && first != "custodia" {
				continue // standard library
			}
			if !strings.Contains(text, imp) {
				t.Errorf("%s/doc.go does not name its import %s", dir, imp)
			}
		}
	}
}
