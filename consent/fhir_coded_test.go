package consent

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// uncodedAdd finds a validation problem added without a rule code.
var uncodedAdd = regexp.MustCompile(`\bv\.add\(`)

// TestImportProblemsAreCoded: the FHIR importers, the mapping table,
// the JSON decoding and the ledger batch check add every problem with a
// rule code (front ends word the code; a bare English message would reach
// a German reader as it is).
func TestImportProblemsAreCoded(t *testing.T) {
	for _, name := range []string{"fhir.go", "fhir_foreign.go", "purpose.go", "store.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if uncodedAdd.MatchString(line) {
				t.Errorf("%s:%d adds a problem without a rule: %s", name, i+1, strings.TrimSpace(line))
			}
		}
	}
	for _, data := range []string{`{"resourceType": "Bundle", "entry": [`, `[]`, `{"resourceType": 5}`, ``} {
		_, err := ImportConsents([]byte(data), nil, ImportOptions{})
		var ve *ValidationError
		if !errorsAs(err, &ve) {
			continue
		}
		for _, f := range ve.Fields {
			if f.Rule == "" {
				t.Errorf("%q: uncoded problem %s", data, f)
			}
		}
	}
}
