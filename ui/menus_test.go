package ui

import (
	"strings"
	"testing"

	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// menuItem finds an item by menu and label in the window's main menu.
func menuItem(t *testing.T, w fyne.Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	mm := w.MainMenu()
	if mm == nil {
		t.Fatalf("no main menu (looking for %s › %s)", menu, label)
	}
	for _, m := range mm.Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no %s › %s", menu, label)
	return nil
}

// openAndUnlockAgain unlocks from the unlock screen.
func (f *fixture) openAndUnlockAgain(t *testing.T) {
	t.Helper()
	u := f.app.unlock
	u.user.SetText("admin")
	test.Type(u.pass, testPass)
	test.Tap(u.unlock)
	if f.app.main == nil {
		t.Fatalf("not unlocked again: %q", u.Message())
	}
}

// shortcut types a window shortcut as the driver does when no text field
// has the focus.
func shortcut(w fyne.Window, s fyne.Shortcut) {
	w.Canvas().(fyne.Shortcutable).TypedShortcut(s)
}

func TestQuitAndHelpOnEveryScreen(t *testing.T) {
	f := newFixture(t, 5, vault.RoleAdmin)
	check := func(screen, quitMenu string) {
		t.Helper()
		q := menuItem(t, f.win, quitMenu, "Quit")
		if !q.IsQuit || q.Shortcut == nil || q.Shortcut.ShortcutName() != shortcutQuit.ShortcutName() {
			t.Errorf("%s: Quit item %+v", screen, q)
		}
		for _, l := range []string{"Keyboard shortcuts", "User guide", "About Custodia"} {
			menuItem(t, f.win, "Help", l)
		}
	}
	check("start", "File")
	f.openAndUnlock(t, "admin", testPass)
	if f.app.main == nil {
		t.Fatal("not unlocked")
	}
	check("main", "Vault")
	f.app.lock()
	if f.app.unlock == nil {
		t.Fatal("no unlock screen after Lock")
	}
	check("unlock", "File")
	f.openAndUnlockAgain(t)
	menuItem(t, f.win, "Vault", "Quit").Action()
	if f.app.session != nil || f.app.vault != nil {
		t.Error("Quit left the session or the vault open")
	}
}

func TestEscClosesTheTopDialog(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	f.app.showAbout()
	f.app.showShortcuts()
	ov := f.win.Canvas().Overlays()
	if len(ov.List()) != 2 {
		t.Fatalf("%d dialogs shown, want 2", len(ov.List()))
	}
	esc := f.win.Canvas().OnTypedKey()
	esc(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(ov.List()) != 1 {
		t.Fatalf("Esc left %d dialogs, want 1", len(ov.List()))
	}
	esc(&fyne.KeyEvent{Name: fyne.KeyEscape})
	esc(&fyne.KeyEvent{Name: fyne.KeyEscape}) // nothing left: harmless
	if len(ov.List()) != 0 {
		t.Fatalf("Esc left %d dialogs", len(ov.List()))
	}
	esc(&fyne.KeyEvent{Name: fyne.KeyF1})
	if len(ov.List()) != 1 {
		t.Error("F1 did not show the shortcuts")
	}
}

func TestSearchAndNewPatientShortcuts(t *testing.T) {
	f := newFixture(t, 5, vault.RoleAdmin, vault.RoleResearcher)
	f.openAndUnlock(t, "admin", testPass)
	m := f.app.main
	m.Show(sectionUsers)
	shortcut(f.win, shortcutSearch)
	if f.win.Canvas().Focused() != m.Patients.SearchBox() {
		t.Fatal("Ctrl+F did not focus the patient search")
	}
	if menuItem(t, f.win, "Patients", "Search patients").Shortcut != shortcutSearch {
		t.Error("Search menu item without Ctrl+F")
	}
	m.Show(sectionUsers)
	shortcut(f.win, shortcutNewPatient)
	if f.win.Canvas().Focused() != m.Patients.Form.FirstField() || m.tabs.Selected().Text != sectionPatients {
		t.Fatal("Ctrl+N did not open the new-patient form")
	}
	f.app.lock()
	// a role without patients: the keys do nothing and there is no Patients menu
	f.app.unlock.user.SetText("")
	test.Type(f.app.unlock.user, "researcher")
	test.Type(f.app.unlock.pass, testPass)
	test.Tap(f.app.unlock.unlock)
	if f.app.main == nil || f.app.main.Patients != nil {
		t.Fatal("researcher not in, or sees patients")
	}
	shortcut(f.win, shortcutNewPatient)
	shortcut(f.win, shortcutSearch)
	if f.win.Canvas().Focused() != nil {
		t.Error("Ctrl+N or Ctrl+F focused something for a role without patients")
	}
	for _, m := range f.win.MainMenu().Items {
		if m.Label == "Patients" {
			t.Error("Patients menu for a role without patients")
		}
	}
}

func TestAboutAndGuideShowTheVersion(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	f.app.opts.Version = "1.4.2"
	f.app.showAbout()
	f.app.showGuide()
	ov := f.win.Canvas().Overlays().List()
	if len(ov) != 2 {
		t.Fatalf("%d dialogs, want About and the guide", len(ov))
	}
	for i, want := range []string{"Custodia 1.4.2", "User guide — Custodia 1.4.2"} {
		if !containsText(ov[i], want) {
			t.Errorf("dialog %d does not show %q", i, want)
		}
	}
	f.app.opts.Version = ""
	if f.app.version() != "development build" {
		t.Errorf("version without build info: %q", f.app.version())
	}
}

// containsText reports whether a label or rich text under o contains s.
func containsText(o fyne.CanvasObject, s string) bool {
	found := false
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			found = found || strings.Contains(w.Text, s)
		case *canvas.Text:
			found = found || strings.Contains(w.Text, s)
		}
		if w, ok := o.(fyne.Widget); ok {
			r := test.WidgetRenderer(w)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
	}
	walk(o)
	return found
}
