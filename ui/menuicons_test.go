package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"custodia/vault"
)

// TestMenuWordsLineUp: in every menu of the main window either every item
// has an icon or none has, on the start screen and on the main screen of
// each role (the Patients menu only exists for some); a menu mixing them
// indents the words of some items and not of others.
func TestMenuWordsLineUp(t *testing.T) {
	for _, role := range []vault.Role{vault.RoleAdmin, vault.RoleClinician} {
		f := newFixture(t, 5, role)
		loc := f.app.env.Loc
		checkMenusLineUp(t, f, "start", loc.T("menus.file"), loc.T("menus.language"), loc.T("menus.help"))
		f.openAndUnlock(t, string(role), testPass)
		want := []string{loc.T("menus.vault"), loc.T("menus.language"), loc.T("menus.help")}
		if role == vault.RoleClinician {
			want = append(want, loc.T("menus.section.patients"))
		}
		checkMenusLineUp(t, f, string(role)+" main", want...)
	}
}

// checkMenusLineUp checks every menu of the window's main menu, which must
// hold at least the menus named in want.
func checkMenusLineUp(t *testing.T, f *fixture, screen string, want ...string) {
	t.Helper()
	menu := f.win.MainMenu()
	if menu == nil {
		t.Fatalf("%s: no main menu", screen)
	}
	seen := map[string]bool{}
	for _, m := range menu.Items {
		seen[m.Label] = true
		with, without := countIcons(m)
		if with > 0 && without > 0 {
			t.Errorf("%s: menu %q has %d items with an icon and %d without", screen, m.Label, with, without)
		}
	}
	for _, label := range want {
		if !seen[label] {
			t.Errorf("%s: no %q menu", screen, label)
		}
	}
}

// countIcons counts a menu's items with and without an icon, separators
// aside.
func countIcons(m *fyne.Menu) (with, without int) {
	for _, it := range m.Items {
		switch {
		case it.IsSeparator:
		case it.Icon != nil:
			with++
		default:
			without++
		}
	}
	return with, without
}
