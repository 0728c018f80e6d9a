package demo

import (
	"testing"
	"time"
)

// Every diagnosis the demo can write has an English text, and an English
// demo's records carry only those; a German demo keeps the German tables.
func TestEnglishDemoWordsDiagnosesInEnglish(t *testing.T) {
	germanText := map[string]string{}
	for _, cs := range [][]condition{chronicConditions, episodes} {
		for _, c := range cs {
			germanText[c.code] = c.text
			if englishDiagnoses[c.code] == "" {
				t.Errorf("no English text for %s (%s)", c.code, c.text)
			}
		}
	}
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	german := Records(200, Seed, now)
	english := Records(200, Seed, now)
	wordDiagnoses(german, TextsIn("de"))
	wordDiagnoses(english, TextsIn("en"))
	seen := 0
	for i := range english {
		for j, e := range english[i].Encounters {
			for k, d := range e.Diagnoses {
				seen++
				if d.Text != englishDiagnoses[d.Code] {
					t.Fatalf("English demo: %s reads %q", d.Code, d.Text)
				}
				if g := german[i].Encounters[j].Diagnoses[k]; g.Code != d.Code || g.Text != germanText[g.Code] {
					t.Fatalf("German demo: %s reads %q, want %q", g.Code, g.Text, germanText[g.Code])
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no diagnoses generated")
	}
}
