package ui

import (
	"slices"
	"testing"

	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The start, unlock and main screens drawn in German show German words,
// and switching back to English rebuilds them in English, keeping the
// session and the section.
func TestScreensInGerman(t *testing.T) {
	f := newFixture(t, 3, vault.RoleAdmin)
	f.app.setLanguage("de")
	if f.app.env.Loc.Lang() != "de" || f.app.start == nil {
		t.Fatalf("language %s, start screen %v", f.app.env.Loc.Lang(), f.app.start)
	}
	content := func() fyne.CanvasObject { return f.win.Canvas().Content() }
	uitest.CheckShown(t, "start", content(), []string{"Tresor öffnen", "Neuen Tresor anlegen …", "Demo-Tresor öffnen", "Ausprobieren"},
		[]string{"Open a vault", "Create a new vault…"})
	test.Tap(f.app.start.open)
	uitest.CheckShown(t, "unlock", content(), []string{"Tresor entsperren", "Entsperren", "Benutzername", "Tresor schließen"},
		[]string{"Unlock vault", "Unlock"})
	u := f.app.unlock
	test.Type(u.user, "admin")
	test.Type(u.pass, testPass)
	test.Tap(u.unlock)
	m := f.app.main
	if m == nil {
		t.Fatal("not unlocked")
	}
	uitest.CheckShown(t, "main", content(), []string{"Patienten", "Benutzer", "Protokoll", "Sperren", "Patient/in anlegen"},
		[]string{"Lock", "Patients"})
	m.Show(sectionUsers)
	s := f.session(vault.RoleAdmin)
	f.app.setLanguage("en")
	if f.app.main == m || f.app.session != s || s.Locked() {
		t.Fatal("the switch did not rebuild the main view in the same session")
	}
	if sel := f.app.main.tabs.Selected(); sel == nil || f.app.main.sectionOf(sel) != sectionUsers {
		t.Error("the switch lost the section shown")
	}
	uitest.CheckShown(t, "main (English again)", content(), []string{"Patients", "Users", "Lock"}, []string{"Sperren", "Patienten"})
}

// Menus follow the language, and the Language menu names each language
// in itself with the current one ticked.
func TestMenusInGerman(t *testing.T) {
	f := newFixture(t, 3, vault.RoleAdmin)
	f.app.setLanguage("de")
	var titles []string
	var lang *fyne.Menu
	for _, menu := range f.app.baseMenu().Items {
		titles = append(titles, menu.Label)
		if menu.Label == "Sprache" {
			lang = menu
		}
	}
	if !slices.Equal(titles, []string{"Datei", "Sprache", "Hilfe"}) || lang == nil {
		t.Fatalf("menus %q", titles)
	}
	for _, it := range lang.Items {
		if it.Checked != (it.Label == "Deutsch") || (it.Label != "English" && it.Label != "Deutsch") {
			t.Errorf("language item %q checked %v", it.Label, it.Checked)
		}
	}
}
