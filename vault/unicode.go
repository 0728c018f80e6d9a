package vault

import (
	"unicode"
)

// invisibleRune returns the first character of s that is invisible or
// changes how the text around it is shown — Unicode format characters
// (category Cf: zero-width space U+200B, bidirectional overrides U+202A–
// U+202E and isolates U+2066–U+2069, word joiner U+2060, BOM U+FEFF, soft
// hyphen U+00AD, …), line and paragraph separators, and the blank Hangul
// fillers — so "Mül\u200bler" cannot hide from a search for "müller" and
// "dem\u200bo" cannot pose as "demo". Zero-width (non-)joiners
// (U+200C, U+200D) are allowed between two letters of a non-Latin script,
// where they are part of correct spelling (Persian, Indic scripts).
func invisibleRune(s string) (rune, bool) {
	rs := []rune(s)
	for i, r := range rs {
		if !invisible(r) {
			continue
		}
		if (r == 0x200C || r == 0x200D) && i > 0 && i < len(rs)-1 && joinable(rs[i-1]) && joinable(rs[i+1]) {
			continue
		}
		return r, true
	}
	return 0, false
}

func invisible(r rune) bool {
	switch r {
	case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x180E:
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

func joinable(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) }

// checkVisible reports an invisible character in a name field.
func checkVisible(add ruleAdder, field, v string) {
	if r, ok := invisibleRune(v); ok {
		add(field, RuleInvisible, r)
	}
}
