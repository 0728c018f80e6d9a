package kit

import (
	"strings"
	"testing"
	"unicode"
)

// TestSearchPlaceholderNamesADate: the patient search box's placeholder
// in each language shows an example birth date, written as the lists
// show dates, that the search reads as a birth date.
func TestSearchPlaceholderNamesADate(t *testing.T) {
	for lang, loc := range locs() {
		text := loc.T("patients.search.placeholder")
		tokens := strings.FieldsFunc(text, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune("(),:;", r)
		})
		found := false
		for i := range tokens {
			for _, n := range []int{1, 3} {
				if i+n > len(tokens) {
					continue
				}
				example := strings.Join(tokens[i:i+n], " ")
				d, ok := ParseDateInput(loc, example)
				if !ok {
					continue
				}
				found = true
				if example != loc.Date(d) {
					t.Errorf("%s: placeholder example %q is not written as the lists write dates (%q)", lang, example, loc.Date(d))
				}
				qs := SearchQueries(loc, example)
				if len(qs) != 1 || !qs[0].BirthDate.Equal(d) || qs[0].Name != "" {
					t.Errorf("%s: the search reads the placeholder example %q as %+v, not as a birth date", lang, example, qs)
				}
			}
		}
		if !found {
			t.Errorf("%s: placeholder %q shows no date the search accepts", lang, text)
		}
	}
}
