package app

import (
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// TestMappingLinesWordedInBoth: every kind of FHIR mapping line has its
// wording in both languages; German lines name data categories by their
// German labels and hold no English words of the domain's line.
func TestMappingLinesWordedInBoth(t *testing.T) {
	ids := map[string]string{}
	for _, k := range consent.MappingKinds() {
		ids[string(k)] = MappingLineID(k)
	}
	wordedInBoth(t, "mapping line", ids)
	de := i18n.MustLoad().Localizer("de")
	l := consent.MappingLine{Kind: consent.MapException, Path: "provision.provision[0]", From: "diagnoses, lab-results"}
	got := MappingText(de, l)
	want := "provision.provision[0] deny → Ausnahme: " + de.Label("category", "diagnoses", "") + ", " +
		de.Label("category", "lab-results", "") + " für alle Empfänger"
	if got != want {
		t.Errorf("exception: %q, want %q", got, want)
	}
	role := MappingText(de, consent.MappingLine{Kind: consent.MapActorRole, Path: "provision.actor[1]", From: "CST", To: "practice"})
	if !strings.HasSuffix(role, "→ die Praxis") {
		t.Errorf("actor role: %q", role)
	}
}
