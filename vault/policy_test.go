package vault

import (
	"errors"
	"strings"
	"testing"
)

func TestPassphrasePolicy(t *testing.T) {
	for _, tt := range []struct {
		pass string
		ok   bool
	}{
		{"aaaaaaaaaa", false},           // the example
		{"aaaaaaaaaaaaaaaaaaaa", false}, // long but repeated
		{"abcdefghijklmnop", false},     // a sequence
		{"Password123!", false},         // common, decorated
		{"qwertyuiopasdf", false},       // keyboard row
		{"dr-sommer-praxis", false},     // the user input
		{"Tr0ub4dor&3", false},          // short
		{"Tulip-Harbour-Violin-42", true},
		{"correct horse battery staple", true},
	} {
		r := RatePassphrase(tt.pass, "dr-sommer-praxis")
		if r.Acceptable != tt.ok {
			t.Errorf("%q: acceptable %v (score %d), want %v", tt.pass, r.Acceptable, r.Score, tt.ok)
		}
		if !r.Acceptable && len(r.Hints) == 0 {
			t.Errorf("%q refused without a hint", tt.pass)
		}
		err := CheckPassphrase([]byte(tt.pass), "dr-sommer-praxis")
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrValidation)) {
			t.Errorf("CheckPassphrase(%q) = %v", tt.pass, err)
		}
	}
}

func TestVaultEnforcesPolicy(t *testing.T) {
	_, s := NewTestVault(t)
	_, err := s.AddUser("weak", RoleClinician, []byte("aaaaaaaaaa"))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "passphrase" || !strings.Contains(ve.Fields[0].Message, "12 characters") {
		t.Fatalf("AddUser with aaaaaaaaaa: %v", err)
	}
	if err := s.ChangePassphrase([]byte(TestAdminPassphrase), []byte("password1234")); !errors.Is(err, ErrValidation) {
		t.Fatalf("ChangePassphrase to a common password: %v", err)
	}
}

// TestPassphraseHintCodes: every hint has a code and English wording, in
// the same order, and each code of the policy is given for some input.
func TestPassphraseHintCodes(t *testing.T) {
	seen := map[PassphraseHint]bool{}
	for _, p := range []string{"", "abc", "password", "aaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrst",
		"xsw2cde3vfr4", "01.02.1990 12.03.1985", "Tr0ub4dor&3", "Tulip-Harbour-Violin-42"} {
		r := RatePassphrase(p)
		if len(r.Hints) != len(r.HintCodes) {
			t.Fatalf("%q: %d hints, %d codes", p, len(r.Hints), len(r.HintCodes))
		}
		for i, c := range r.HintCodes {
			if hintEnglish[c] == "" || r.Hints[i] != hintEnglish[c] {
				t.Errorf("%q: hint %d is %q, code %q", p, i, r.Hints[i], c)
			}
			seen[c] = true
		}
	}
	for c := range hintEnglish {
		if !seen[c] {
			t.Errorf("no input gives hint %q", c)
		}
	}
}
