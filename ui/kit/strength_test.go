package kit

import (
	"custodia/i18n"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestPassphraseStrength(t *testing.T) {
	c := NewPassphraseChecker("anna.admin")
	tests := []struct {
		pass       string
		acceptable bool
		minScore   int
		maxScore   int
		hint       string // a hint that must be given, "" for none required
	}{
		{"", false, VeryWeak, VeryWeak, "12 characters"},
		{"abc", false, VeryWeak, VeryWeak, "12 characters"},
		{"password", false, VeryWeak, VeryWeak, "commonly used"},
		{"Password123!", false, VeryWeak, VeryWeak, "commonly used"},
		{"qwertzuiop", false, VeryWeak, VeryWeak, "commonly used"},
		{"anna.admin", false, VeryWeak, VeryWeak, "commonly used"},
		{"aaaaaaaaaaaaaaaaaaaa", false, VeryWeak, VeryWeak, "repeated"},
		{"abcdefghijklmnopqrst", false, VeryWeak, VeryWeak, "sequences"},
		{"12345678901234567890", false, VeryWeak, Weak, ""},
		{"Tr0ub4dor&3", false, Strong, VeryStrong, "12 characters"}, // strong but short
		{"Tulip-Harbour-Violin-42", true, Strong, VeryStrong, ""},
		{"correct horse battery staple", true, Strong, VeryStrong, ""},
		{"zq8!Kp3#wL0v", true, Strong, VeryStrong, ""},
		{"ÄrzteKammer€Stuttgart", true, Strong, VeryStrong, ""},
	}
	for _, tt := range tests {
		s := c.Rate(tt.pass)
		if s.Acceptable != tt.acceptable {
			t.Errorf("Rate(%q).Acceptable = %v, want %v (score %d, %.0f bits)", tt.pass, s.Acceptable, tt.acceptable, s.Score, s.Bits)
		}
		if s.Score < tt.minScore || s.Score > tt.maxScore {
			t.Errorf("Rate(%q).Score = %d (%s, %.0f bits), want %d..%d", tt.pass, s.Score, s.Label(i18n.MustLoad().Localizer("en")), s.Bits, tt.minScore, tt.maxScore)
		}
		if tt.hint != "" && !slices.ContainsFunc(s.Hints, func(h string) bool { return strings.Contains(h, tt.hint) }) {
			t.Errorf("Rate(%q).Hints = %q, want one about %q", tt.pass, s.Hints, tt.hint)
		}
		if s.Acceptable && len([]rune(tt.pass)) < MinPassphraseLength {
			t.Errorf("Rate(%q) accepted below the minimum length", tt.pass)
		}
	}
}

// Appending a character that is neither a repeat nor a run step never
// lowers the estimate: the meter must not go backwards while typing
// ordinary text.
func TestPassphraseStrengthGrowsWithFreshCharacters(t *testing.T) {
	c := NewPassphraseChecker()
	const text = "Mq7!rT2@vX9#kLp4"
	prev := 0.0
	for i := 1; i <= len(text); i++ {
		s := c.Rate(text[:i])
		if s.Bits < prev {
			t.Fatalf("Rate(%q).Bits = %.1f < %.1f for the shorter prefix", text[:i], s.Bits, prev)
		}
		prev = s.Bits
	}
}

func TestPassphraseInputNeedsMatchingConfirmation(t *testing.T) {
	test.NewTempApp(t)
	p := NewPassphraseInput(i18n.MustLoad().Localizer("en"))
	p.pass.SetText("Tulip-Harbour-Violin-42")
	if p.Ready() {
		t.Fatal("ready without confirmation")
	}
	p.confirm.SetText("Tulip-Harbour-Violin-43")
	if p.Ready() || !strings.Contains(p.verdict.Text, "differ") {
		t.Fatalf("ready with different confirmation; verdict %q", p.verdict.Text)
	}
	p.confirm.SetText("Tulip-Harbour-Violin-42")
	if !p.Ready() {
		t.Fatalf("not ready with a strong, confirmed passphrase; verdict %q", p.verdict.Text)
	}
}
