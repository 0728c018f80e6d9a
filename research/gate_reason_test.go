package research

import (
	"testing"

	"custodia/consent"
)

// Every code a refused patient can carry maps to its own exclusion reason,
// whatever the decision's text says; only the question-level codes (the
// study names an unknown purpose, recipient or category) count as other.
func TestExclusionByCode(t *testing.T) {
	questionLevel := map[consent.ReasonCode]bool{consent.ReasonUnknownPurpose: true, consent.ReasonRecipientNotNamed: true,
		consent.ReasonCategoryNotProcessed: true, consent.ReasonActiveConsent: true, consent.ReasonNoConsentNeeded: true}
	for _, c := range consent.ReasonCodes() {
		got := reasonCode(consent.Decision{Code: c, Reason: "text that changed"})
		if questionLevel[c] != (got == ExclOther) {
			t.Errorf("code %q → %q", c, got)
		}
	}
	for kind, want := range map[consent.BlockKind]string{consent.BlockObjection: ExclObjection,
		consent.BlockRestriction: ExclRestriction, consent.BlockErasure: ExclErased} {
		if got := reasonCode(consent.Decision{Block: kind}); got != want {
			t.Errorf("block %q → %q, want %q", kind, got, want)
		}
	}
}
