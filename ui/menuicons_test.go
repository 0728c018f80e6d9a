package ui

import (
	"testing"

	"custodia/vault"
)

// TestMenuWordsLineUp: in the Help menu either every item has an icon or
// none has, on the start screen and the main screen; a menu mixing them
// indents the words of some items and not of others. (The Vault menu,
// built in mainview.go, still mixes them.)
func TestMenuWordsLineUp(t *testing.T) {
	f := newFixture(t, 5, vault.RoleAdmin)
	check := func(screen string) {
		t.Helper()
		menu := f.win.MainMenu()
		if menu == nil {
			t.Fatalf("%s: no main menu", screen)
		}
		found := false
		for _, m := range menu.Items {
			if m.Label != f.app.env.Loc.T("menus.help") {
				continue
			}
			found = true
			with, without := 0, 0
			for _, it := range m.Items {
				switch {
				case it.IsSeparator:
				case it.Icon != nil:
					with++
				default:
					without++
				}
			}
			if with > 0 && without > 0 {
				t.Errorf("%s: menu %q has %d items with an icon and %d without", screen, m.Label, with, without)
			}
		}
		if !found {
			t.Errorf("%s: no Help menu", screen)
		}
	}
	check("start")
	f.openAndUnlock(t, "admin", testPass)
	check("main")
}
