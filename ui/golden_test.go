package ui

import (
	"testing"

	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// The unlock screen after a failed attempt, as rendered markup: the
// message is shown, the passphrase entry is empty and the form is enabled.
// Regenerate by copying testdata/failed/unlock_wrong.xml over the master.
func TestUnlockScreenMarkup(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	f.openAndUnlock(t, "admin", "wrong")
	test.AssertRendersToMarkup(t, "unlock_wrong.xml", f.win.Canvas())
}
