package consent

import "testing"

// ExceptionPoint is the inverse of ExceptionText for every point, and
// refuses other texts.
func TestExceptionPointInvertsExceptionText(t *testing.T) {
	for _, p := range []string{"a", "b", "c", "d", "e"} {
		got, ok := ExceptionPoint(RetentionRule{Exception: p}.ExceptionText())
		if !ok || got != p {
			t.Errorf("point %q: got %q, %v", p, got, ok)
		}
	}
	for _, s := range []string{"", "GDPR Art. 17(3)()", "GDPR Art. 17(3)(b", "§ 630f BGB", "GDPR Art. 17(3)(b) and more)", "GDPR Art. 6(1)(b)"} {
		if got, ok := ExceptionPoint(s); ok {
			t.Errorf("%q read as point %q", s, got)
		}
	}
}
