package ui

import (
	"custodia/ui/kit"

	"slices"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// shownTexts are the words drawn in obj (every canvas.Text of the laid-out
// tree, entries' placeholders included).
func shownTexts(obj fyne.CanvasObject) []string {
	var out []string
	for _, o := range test.LaidOutObjects(obj) {
		switch x := o.(type) {
		case *canvas.Text:
			if s := strings.TrimSpace(x.Text); s != "" {
				out = append(out, s)
			}
		case *widget.Entry:
			out = appendPlaceholder(out, x)
		case *kit.EscEntry:
			out = appendPlaceholder(out, &x.Entry)
		case *kit.PrivateEntry:
			out = appendPlaceholder(out, &x.Entry)
		}
	}
	return out
}

func appendPlaceholder(out []string, e *widget.Entry) []string {
	if e.PlaceHolder != "" {
		out = append(out, e.PlaceHolder)
	}
	return out
}

// checkShown fails when a wanted text is not drawn, an unwanted one is, or
// a message is missing from the catalogue (drawn as ⟦id⟧).
func checkShown(t *testing.T, where string, obj fyne.CanvasObject, want, notWant []string) {
	t.Helper()
	shown := shownTexts(obj)
	all := strings.Join(shown, "\n")
	for _, w := range want {
		if !slices.ContainsFunc(shown, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("%s: %q not shown; shown:\n%s", where, w, all)
		}
	}
	for _, w := range notWant {
		if slices.Contains(shown, w) {
			t.Errorf("%s: %q shown", where, w)
		}
	}
	if strings.Contains(all, "⟦") {
		t.Errorf("%s: a message is missing from the catalogue:\n%s", where, all)
	}
}

// The start, unlock and main screens drawn in German show German words,
// and switching back to English rebuilds them in English, keeping the
// session and the section.
func TestScreensInGerman(t *testing.T) {
	f := newFixture(t, 3, vault.RoleAdmin)
	f.app.SetLanguage("de")
	if f.app.Language() != "de" || f.app.StartScreen() == nil {
		t.Fatalf("language %s, start screen %v", f.app.Language(), f.app.StartScreen())
	}
	content := func() fyne.CanvasObject { return f.win.Canvas().Content() }
	checkShown(t, "start", content(), []string{"Tresor öffnen", "Neuen Tresor anlegen …", "Demo-Tresor öffnen", "Ausprobieren"},
		[]string{"Open a vault", "Create a new vault…"})
	test.Tap(f.app.StartScreen().open)
	checkShown(t, "unlock", content(), []string{"Tresor entsperren", "Entsperren", "Benutzername", "Tresor schließen"},
		[]string{"Unlock vault", "Unlock"})
	u := f.app.Unlocker()
	test.Type(u.user, "admin")
	test.Type(u.pass, testPass)
	test.Tap(u.unlock)
	m := f.app.Main()
	if m == nil {
		t.Fatal("not unlocked")
	}
	checkShown(t, "main", content(), []string{"Patienten", "Benutzer", "Protokoll", "Sperren", "Patient/in anlegen"},
		[]string{"Lock", "Patients"})
	m.Show(SectionUsers)
	s := f.session(vault.RoleAdmin)
	f.app.SetLanguage("en")
	if f.app.Main() == m || f.app.Session() != s || s.Locked() {
		t.Fatal("the switch did not rebuild the main view in the same session")
	}
	if sel := f.app.Main().tabs.Selected(); sel == nil || f.app.Main().sectionOf(sel) != SectionUsers {
		t.Error("the switch lost the section shown")
	}
	checkShown(t, "main (English again)", content(), []string{"Patients", "Users", "Lock"}, []string{"Sperren", "Patienten"})
}

// Menus follow the language, and the Language menu names each language
// in itself with the current one ticked.
func TestMenusInGerman(t *testing.T) {
	f := newFixture(t, 3, vault.RoleAdmin)
	f.app.SetLanguage("de")
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

// The request queue in German: columns, kinds, states and the countdown
// in German, never the codes.
func TestRequestQueueInGerman(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	f.seed(t)
	f.app.SetLanguage("de")
	v := newRequestsView(f.app, f.cs)
	f.addRequest(t, synthPatient(1).ID, consent.ReqErasure, receivedFor(-2))
	f.addRequest(t, synthPatient(2).ID, consent.ReqHIPAAAccess, receivedFor(5))
	v.activate()
	f.win.SetContent(v.content)
	checkShown(t, "queue", v.content, []string{"Frist", "Eingang", "Fällig", "Neues Ersuchen …", "Offen", "Alle Arten"},
		[]string{"Deadline", "All types"})
	var cells []string
	for row := 0; row < v.table.Len(); row++ {
		for col := 0; col < 7; col++ {
			cells = append(cells, v.table.Cell(row, col))
		}
	}
	all := strings.Join(cells, "|")
	for _, w := range []string{"Löschung", "HIPAA-Auskunft", "Eingegangen", "● noch ", "● heute fällig"} {
		if !strings.Contains(all, w) {
			t.Errorf("queue rows lack %q: %s", w, all)
		}
	}
	for _, code := range []string{"erasure", "hipaa-access", "received"} {
		if slices.Contains(cells, code) {
			t.Errorf("queue rows show the code %q: %s", code, all)
		}
	}
}
