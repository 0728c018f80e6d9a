package research

import "testing"

// TestRecipientLineNamesTheOrganisationOnce: a study whose contact is the
// organisation (the default) names it once, not "Org · Org".
func TestRecipientLineNamesTheOrganisationOnce(t *testing.T) {
	for _, c := range []struct{ org, contact, want string }{
		{"Uni Institute", "Uni Institute", "Uni Institute"},
		{"Uni Institute", "", "Uni Institute"},
		{"Uni Institute", "Dr. Synth", "Uni Institute · Dr. Synth"},
	} {
		if got := recipientLine(c.org, c.contact); got != c.want {
			t.Errorf("%q, %q: %q, want %q", c.org, c.contact, got, c.want)
		}
	}
}
