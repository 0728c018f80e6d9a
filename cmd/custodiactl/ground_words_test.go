package main

import (
	"strings"
	"testing"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
)

// The command line words legal grounds through the same lookup as the
// desktop app (app.GroundText): the help of "dsr deny" in German lists
// every ground's code to type with its German wording, never the
// domain's English text.
func TestDenyHelpGroundsAreShared(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	help := groundList(de)
	for _, g := range consent.LegalGrounds() {
		want := de.T(app.GroundID(g.Code))
		if !strings.Contains(help, "  "+g.Code+"\n") || !strings.Contains(help, want) || strings.Contains(help, g.Text) {
			t.Errorf("%s: help does not list the shared German wording %q:\n%s", g.Code, want, help)
		}
	}
}
