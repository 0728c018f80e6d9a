package ui

import (
	"strings"
	"time"
	"unicode"

	"custodia/ui/kit"
	"custodia/vault"
)

// SearchQueries turns the search box into vault queries: a YYYY-MM-DD
// token is the birth date, a single token with a digit may be a record
// number, and the remaining words are a name. Results of all queries are
// merged.
func SearchQueries(text string) []vault.Query {
	var date time.Time
	var words []string
	for _, w := range strings.Fields(text) {
		if d, err := time.ParseInLocation(kit.DateLayout, w, time.UTC); err == nil && date.IsZero() {
			date = d
			continue
		}
		words = append(words, w)
	}
	name := strings.Join(words, " ")
	var qs []vault.Query
	if name != "" {
		qs = append(qs, vault.Query{Name: name, BirthDate: date})
	}
	if len(words) == 1 && strings.ContainsFunc(words[0], unicode.IsDigit) {
		qs = append(qs, vault.Query{MRN: words[0]})
	}
	if name == "" && !date.IsZero() {
		qs = append(qs, vault.Query{BirthDate: date})
	}
	return qs
}
