package kit

import (
	"strings"
	"unicode"
)

// Reflow readies a stored text for a label that wraps by itself: the
// line breaks inside a paragraph (a text file's fixed line length) become
// spaces, so lines do not break mid-sentence at the widget's width, while
// blank lines between paragraphs and list items ("- ", "• ", "* ", "1. ")
// stay on lines of their own. What is stored and hashed is unchanged.
func Reflow(s string) string {
	var b strings.Builder
	for i, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for j, line := range strings.Split(strings.TrimSpace(para), "\n") {
			line = strings.TrimSpace(line)
			switch {
			case j == 0:
			case listItem(line):
				b.WriteByte('\n')
			default:
				b.WriteByte(' ')
			}
			b.WriteString(line)
		}
	}
	return b.String()
}

// listItem reports whether a line starts a list item.
func listItem(line string) bool {
	for _, p := range []string{"- ", "• ", "* ", "– "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	digits := strings.TrimLeftFunc(line, unicode.IsDigit)
	return len(digits) < len(line) && (strings.HasPrefix(digits, ". ") || strings.HasPrefix(digits, ") "))
}
