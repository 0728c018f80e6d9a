package kit

import (
	"strings"
	"time"
	"unicode"

	"custodia/i18n"
	"custodia/vault"
)

// SearchQueries turns a patient search box into vault queries: a date (in
// the current language, see ParseDateInput, or ISO) is the birth date, a
// single remaining token with a digit may be a record number, and the
// remaining words are a name. Results of all queries are merged.
func SearchQueries(loc *i18n.Localizer, text string) []vault.Query {
	date, words := splitDate(loc, strings.Fields(text))
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

// splitDate takes the first date out of the tokens: a single token
// ("1980-04-05", "05.04.1980") or three ("5 Apr 1980").
func splitDate(loc *i18n.Localizer, tokens []string) (time.Time, []string) {
	for i := range tokens {
		for _, n := range []int{3, 1} {
			if i+n > len(tokens) {
				continue
			}
			if d, ok := ParseDateInput(loc, strings.Join(tokens[i:i+n], " ")); ok {
				rest := append(append([]string(nil), tokens[:i]...), tokens[i+n:]...)
				return d, rest
			}
		}
	}
	return time.Time{}, tokens
}
