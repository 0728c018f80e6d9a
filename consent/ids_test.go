package consent

import (
	"strings"
	"testing"
)

func TestValidIDMatchesPattern(t *testing.T) {
	inputs := []string{"", "a", "A-1.b", "has space", "ümlaut", "x/y", strings.Repeat("a", 64), strings.Repeat("a", 65), "0b7e9c1a-1111-4c6e-9a43-000000000001", "a_b", "a:b"}
	for _, s := range inputs {
		if ValidID(s) != idPattern.MatchString(s) {
			t.Errorf("ValidID(%q) = %v, pattern says %v", s, ValidID(s), idPattern.MatchString(s))
		}
	}
	for range 100 {
		if id := NewID(); !ValidID(id) || len(id) != 36 || id[14] != '4' {
			t.Fatalf("NewID %q", id)
		}
	}
}
