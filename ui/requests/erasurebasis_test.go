package requests

import (
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// The final erasure confirmation names the Art. 17(3) basis a kept
// category stays on in German for a German reader, not as stored.
func TestErasureConsequencesWordTheBasis(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	stored := consent.RetentionRule{Exception: "b"}.ExceptionText()
	items := []consent.PlanItem{{Category: consent.RecClinical, Action: consent.ActKeep, Basis: stored,
		KeepUntil: time.Date(2035, 10, 30, 0, 0, 0, 0, time.UTC)}}
	text := strings.Join(erasureConsequences(de, items), "\n")
	if strings.Contains(text, stored) || !strings.Contains(text, "DSGVO Art. 17 Abs. 3 lit. b") {
		t.Errorf("German consequences: %q", text)
	}
}
