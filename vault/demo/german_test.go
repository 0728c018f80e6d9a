package demo

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

// englishWords are common English words of clinical notes and diagnosis
// names; German text has none of them as a whole word.
var englishWords = map[string]bool{"the": true, "of": true, "and": true, "with": true, "to": true, "on": true,
	"no": true, "up": true, "acute": true, "chronic": true, "disease": true, "infection": true, "pain": true, "examination": true,
	"synthetic": true, "record": true, "routine": true, "follow-up": true, "results": true, "normal": true, "range": true,
	"advised": true, "referred": true, "street": true, "practice": true, "treatment": true, "pregnancy": true, "child": true}

func englishIn(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		if englishWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// The demo practice is in Berlin: the notes and diagnosis names people
// read in its records are German, and every note says it is synthetic.
func TestDemoRecordsReadGerman(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Records(500, Seed, time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)) {
		texts := []string{r.Patient.Notes}
		for _, e := range r.Encounters {
			for _, d := range e.Diagnoses {
				texts = append(texts, d.Text)
			}
		}
		if n := r.Patient.Notes; n != "" && !strings.HasPrefix(n, "Synthetischer Demo-Datensatz.") {
			t.Errorf("note %q does not say it is synthetic", n)
		}
		for _, s := range texts {
			if s == "" || seen[s] {
				continue
			}
			seen[s] = true
			if w := englishIn(s); len(w) > 0 {
				t.Errorf("%q reads English (%v)", s, w)
			}
		}
	}
	if len(seen) < 20 {
		t.Fatalf("only %d distinct texts: the check would be blind", len(seen))
	}
	p := Practice()
	for _, s := range []string{p.Name, p.Address, strings.Split(p.DPOContact, " <")[0]} {
		if w := englishIn(s); len(w) > 0 {
			t.Errorf("practice detail %q reads English (%v)", s, w)
		}
	}
	if w := englishIn(registryPurpose.Description); len(w) > 0 {
		t.Errorf("the registry's description reads English (%v)", w)
	}
}
