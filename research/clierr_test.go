package research

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"custodia/consent"
)

// TestUnknownColumnIsTyped: a column the research data lacks is a field
// problem with the one-of rule code and the accepted columns, so front
// ends word it in the reader's language instead of showing the message.
func TestUnknownColumnIsTyped(t *testing.T) {
	s := sampleStudy()
	s.Columns = append(s.Columns, Column{Name: "zip", Role: RoleQuasi})
	var ve *ValidationError
	if !errors.As(s.Validate(nil), &ve) {
		t.Fatalf("unknown column accepted")
	}
	path := fmt.Sprintf("columns[%d].name", len(s.Columns)-1)
	for _, f := range ve.Fields {
		if f.Path == path {
			if f.Rule != consent.RuleOneOf || !slices.Equal(f.Allowed, Sources()) {
				t.Errorf("%s: rule %q, allowed %q", path, f.Rule, f.Allowed)
			}
			return
		}
	}
	t.Errorf("no problem at %s: %v", path, ve)
}
