package consent

import "strings"

// ExceptionPoint reads the point back out of a basis written by
// RetentionRule.ExceptionText ("GDPR Art. 17(3)(b)" gives "b"), so front
// ends can word it in the reader's language; ok is false for any other
// text (a basis a practice wrote itself).
func ExceptionPoint(basis string) (point string, ok bool) {
	rest, found := strings.CutPrefix(basis, "GDPR Art. 17(3)(")
	if !found {
		return "", false
	}
	point, found = strings.CutSuffix(rest, ")")
	if !found || point == "" || strings.ContainsAny(point, "() ") {
		return "", false
	}
	return point, true
}
