package ui

import (
	"fmt"
	"testing"

	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"
)

// TestAccountDialogsHaveNoGap: the change-own-passphrase dialog and the
// second-factor set-up end below their last row, in English and German at
// both sizes: no empty band kept for a refusal that has not come (issue
// 10: dialogs size to their content). A refusal reopens the passphrase
// dialog, which then shows it whole, still without a gap.
func TestAccountDialogsHaveNoGap(t *testing.T) {
	for _, lang := range layoutLanguages {
		for _, size := range dialogSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f := newLayoutFixture(t, size, lang)
				f.unlockAs(t, vault.RoleAdmin)
				m := f.app.main
				m.ChangePassphrase()
				// the strength hints keep three lines whether or not they
				// use them (they come and go as one types)
				if gap, _ := uitest.GapBelow(f.win.Canvas()); gap > uitest.GapAllowed()+kit.TextLines(1) {
					t.Errorf("change passphrase: %.0f px empty below the content", gap)
				}
				m.PassChange.Submit() // nothing typed: refused as too weak
				uitest.AssertShowsWhole(t, f.win, "change passphrase with a refusal")
				uitest.AssertNoGap(t, f.win, "change passphrase with a refusal")
				f.app.closeOverlays()
				m.SecondFactorDialog()
				uitest.AssertNoGap(t, f.win, "second-factor set-up")
				m.Enrol.Enter("000000")
				if m.Enrol.Message() == "" {
					t.Fatal("a wrong code brought no message")
				}
				uitest.AssertShowsWhole(t, f.win, "second-factor set-up with a message")
				uitest.AssertNoGap(t, f.win, "second-factor set-up with a message")
				f.app.closeOverlays()
			})
		}
	}
}
