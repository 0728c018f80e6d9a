package app

import (
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// Every legal ground for a denial has its wording in the shared label
// family (labels.ground.*) in both languages, and GroundText reads it
// there: German is not the domain's English text. No front end keeps a
// copy of the wording in its own catalogue area.
func TestEveryGroundIsLabelled(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for _, g := range consent.LegalGrounds() {
		if !en.Has(GroundID(g.Code)) || !de.Has(GroundID(g.Code)) {
			t.Errorf("%s: no labels.ground entry in both languages", g.Code)
			continue
		}
		german := GroundText(de, g.Code)
		if german != de.T(GroundID(g.Code)) || german == g.Text || german == GroundText(en, g.Code) {
			t.Errorf("%s: German %q (English %q)", g.Code, german, g.Text)
		}
		for _, area := range []string{"cli3.ground.", "cli.ground.", "requests.ground."} {
			if de.Has(area+g.Code) || en.Has(area+g.Code) {
				t.Errorf("%s: a front end keeps its own wording %s", g.Code, area+g.Code)
			}
		}
	}
	if got := GroundText(de, "no-such-ground"); got != "no-such-ground" {
		t.Errorf("unknown ground: %q", got)
	}
	if !strings.HasPrefix(GroundID("x"), "labels.") {
		t.Error("grounds are not in the labels family")
	}
}
