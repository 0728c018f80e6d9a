package research

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The desktop names columns through research.ColumnText, the function
// the codebook, the report and the command line use: no file of this
// package words a column from the catalogue itself.
func TestColumnWordsHaveOnePlace(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	calls := false
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{`"research.column.`, `"research.loinc.`, `"researchwords.column.`} {
			if strings.Contains(string(src), id) {
				t.Errorf("%s words a column itself (%s…)", f, id[1:])
			}
		}
		calls = calls || strings.Contains(string(src), "core.ColumnText(")
	}
	if !calls {
		t.Error("no file calls research.ColumnText")
	}
}
