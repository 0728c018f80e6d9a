package ui

import (
	"testing"

	"custodia/vault"
	"custodia/vault/demo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// textField is an entry of a dialog: where a person's cursor is when
// they press Esc.
type textField interface {
	fyne.Focusable
	SetPlaceHolder(string)
}

// firstField is the first enabled, visible entry of the top dialog, or nil.
func firstField(top fyne.CanvasObject) fyne.Focusable {
	for _, o := range test.LaidOutObjects(top) {
		e, ok := o.(textField)
		if !ok || !o.Visible() {
			continue
		}
		if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
			continue
		}
		return e
	}
	return nil
}

// escDialog opens a dialog and presses Esc, with the cursor in its first
// field when it has one (a field must pass Esc on), and asserts that the
// dialog went away (issue 10: every dialog closes on Esc).
func (f *layoutFixture) escDialog(t *testing.T, name string, open func()) {
	t.Helper()
	f.app.closeOverlays()
	open()
	top := f.win.Canvas().Overlays().Top()
	if top == nil {
		t.Errorf("%s: no dialog opened", name)
		return
	}
	if field := firstField(top); field != nil {
		f.escFrom(t, name, field)
	} else {
		f.escCloses(t, name)
	}
	f.app.closeOverlays()
}

// shownButton is the visible, enabled button labelled text in the top
// dialog, or on the screen when none is open; nil when there is none (the
// demo vault's state does not offer that step).
func shownButton(win fyne.Window, text string) *widget.Button {
	root := win.Canvas().Overlays().Top()
	if root == nil {
		root = win.Content()
	}
	for _, o := range test.LaidOutObjects(root) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() && !b.Disabled() {
			return b
		}
	}
	return nil
}

// tapIfShown taps shownButton; false when there is none.
func tapIfShown(win fyne.Window, text string) bool {
	b := shownButton(win, text)
	if b != nil {
		test.Tap(b)
	}
	return b != nil
}

// TestEveryDialogClosesOnEsc opens each dialog of the shell, the users
// screen, governance and research on the demo vault, in English and
// German, and presses Esc in it.
func TestEveryDialogClosesOnEsc(t *testing.T) {
	for _, lang := range layoutLanguages {
		t.Run(lang, func(t *testing.T) {
			t.Run("administrator", func(t *testing.T) { escAsAdmin(t, lang) })
			t.Run("DPO", func(t *testing.T) { escAsDPO(t, lang) })
		})
	}
}

func escAsAdmin(t *testing.T, lang string) {
	f := newLayoutFixture(t, dialogSizes[0], lang)
	f.unlockAs(t, vault.RoleAdmin)
	m := f.app.main
	T := f.app.env.Loc.T
	f.escDialog(t, "change passphrase", m.ChangePassphrase)
	f.escDialog(t, "second-factor set-up", m.SecondFactorDialog)
	f.escDialog(t, "backup", m.BackupDialog)
	f.escDialog(t, "guide", f.app.showGuide)
	f.escDialog(t, "shortcuts", f.app.showShortcuts)
	f.escDialog(t, "about", f.app.showAbout)

	m.Show(sectionUsers)
	other := -1
	for i, u := range m.Users.Users() {
		if u.Name != demo.AdminName && !u.Disabled {
			other = i
		}
	}
	if other < 0 {
		t.Fatal("the demo vault has no other active user")
	}
	m.Users.Select(other)
	// (removing a second factor is offered only for a user with one; the
	// demo users have none: its confirmation is the same kind as Disable's)
	for _, label := range []string{T("users.reset"), T("users.disable")} {
		f.escDialog(t, "users: "+label, func() {
			if !tapIfShown(f.win, label) {
				t.Errorf("users: no button %q", label)
			}
		})
	}
}

func escAsDPO(t *testing.T, lang string) {
	f := newLayoutFixture(t, dialogSizes[0], lang)
	f.unlockAs(t, vault.RoleDPO)
	m := f.app.main
	T := f.app.env.Loc.T
	m.Show(sectionGovernance)
	g := m.Governance()
	g.ShowRetention()
	f.escDialog(t, "new retention rule", g.Retention.NewRule)
	if g.Retention.RuleCount() == 0 {
		t.Fatal("the demo vault has no retention rules")
	}
	f.escDialog(t, "retention rule", func() { g.Retention.EditRule(0) })
	g.Retention.EditRule(0)
	before := len(f.win.Canvas().Overlays().List())
	if !tapIfShown(f.win, T("governance.retention.delete")) {
		t.Fatal("a stored rule offers no Delete")
	}
	if len(f.win.Canvas().Overlays().List()) <= before {
		t.Error("delete rule: no confirmation")
	}
	f.escCloses(t, "delete rule confirmation")
	if got := len(f.win.Canvas().Overlays().List()); got != before {
		t.Errorf("Esc on the confirmation left %d dialogs, want the rule dialog (%d)", got, before)
	}
	f.app.closeOverlays()
	for _, label := range []string{T("governance.due.approve"), T("governance.due.purge")} {
		if tapIfShown(f.win, label) {
			f.escCloses(t, "governance: "+label)
			f.app.closeOverlays()
		}
	}
	g.ShowBreaches()
	f.escDialog(t, "breach form", g.Breaches.OpenForm)
	if g.Breaches.Rows() > 0 {
		g.Breaches.SelectRow(0)
		if b := shownButton(f.win, T("governance.breach.notify")); b != nil {
			f.escDialog(t, "breach notification", func() { test.Tap(b) })
		}
	}

	m.Show(sectionResearch)
	r := m.Research()
	if r == nil {
		t.Fatal("the DPO has no Research tab")
	}
	study := -1
	for i, s := range r.Studies() {
		if s.Study.ID == demo.StudyID {
			study = i
		}
	}
	if study < 0 {
		t.Fatal("the demo study is not listed")
	}
	r.SelectStudy(study)
	f.escDialog(t, "destroy the study key", r.DestroyKey)
	if r.Destroyer != nil {
		t.Error("Esc closed the key dialog but the tab still holds it (its closing step did not run)")
	}
}
