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
	got := MappingText(de, l, MappingNames{})
	want := "provision.provision[0] deny → Ausnahme: " + de.Label("category", "diagnoses", "") + ", " +
		de.Label("category", "lab-results", "") + " für alle Empfänger"
	if got != want {
		t.Errorf("exception: %q, want %q", got, want)
	}
	role := MappingText(de, consent.MappingLine{Kind: consent.MapActorRole, Path: "provision.actor[1]", From: "CST", To: "practice"}, MappingNames{})
	if !strings.HasSuffix(role, "→ die Praxis") {
		t.Errorf("actor role: %q", role)
	}
}

// TestMappingLinesNameWhatTheyRecord: a mapping line names the purpose
// and recipients by their labels (or the practice's own names), the end
// of validity as the last day it covers, and FHIR codes with their
// meaning; no id or RFC 3339 time is left in a German line.
func TestMappingLinesNameWhatTheyRecord(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	names := MappingNames{Purposes: map[string]string{"research:own": "Eigene Studie"}, Recipients: map[string]string{"lab-x": "Labor X"}}
	cases := []struct {
		line       consent.MappingLine
		want, code string
	}{
		{consent.MappingLine{Kind: consent.MapPurposeGiven, To: "recall"}, de.Label("purpose", "recall", ""), "Zweck recall"},
		{consent.MappingLine{Kind: consent.MapPurpose, Path: "provision.purpose[0]", From: "v3-ActReason HRESCH", To: "research:own"}, "→ Zweck Eigene Studie", "research:own"},
		{consent.MappingLine{Kind: consent.MapValidUntil, Path: "provision.period.end", From: "2027-01-01", To: "2027-01-02T00:00:00Z"}, "gültig bis einschließlich 01.01.2027", "T00:00"},
		{consent.MappingLine{Kind: consent.MapRecipient, Path: "provision.actor[0]", From: "IRCP Organization/1", To: "lab-x"}, "→ Empfänger Labor X", "lab-x"},
		{consent.MappingLine{Kind: consent.MapExcluded, Path: "provision.provision[0]", To: "university-institute"}, de.Label("recipient", "university-institute", ""), "university-institute"},
		{consent.MappingLine{Kind: consent.MapRefusal, Path: "status", From: "rejected", To: "deny"}, "Status abgelehnt (rejected), Regelung ablehnen (deny)", "status rejected"},
		{consent.MappingLine{Kind: consent.NotePerformer, Path: "performer[0]", From: "Organization"}, "eine Organisation (Organization)", ": Organization"},
	}
	for _, tc := range cases {
		got := MappingText(de, tc.line, names)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.code) {
			t.Errorf("%s: %q, want %q without %q", tc.line.Kind, got, tc.want, tc.code)
		}
	}
}
