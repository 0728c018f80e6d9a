package ui

import (
	"fmt"
	"testing"

	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// showsWhole asserts the top dialog is sized to its content (issue 10):
// uitest.DialogProblems.
func (f *layoutFixture) showsWhole(t *testing.T, what string) {
	t.Helper()
	uitest.AssertShowsWhole(t, f.win, what)
}

// dialogSizes are the screen sizes of issue 10 the dialogs are checked at.
var dialogSizes = []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// TestDialogsFitTheirContent opens the dialogs that used to have fixed
// sizes (own passphrase, second-factor set-up, a user's new passphrase,
// the guide and the other help dialogs, the retention rule, the breach
// form, the consent panel) in English
// and German at both sizes: each shows its content whole (or fills the
// window and scrolls), nothing in it is cut, and Esc closes it.
func TestDialogsFitTheirContent(t *testing.T) {
	for _, lang := range layoutLanguages {
		for _, size := range dialogSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f := newLayoutFixture(t, size, lang)
				f.unlockAs(t, vault.RoleAdmin)
				m := f.app.main
				open := func(name string, show func()) {
					t.Helper()
					show()
					f.check(t, name)
					f.showsWhole(t, name)
					f.escCloses(t, name)
					f.app.closeOverlays()
				}
				open("change passphrase dialog", m.ChangePassphrase)
				open("second-factor set-up", m.SecondFactorDialog)
				m.Show(sectionUsers)
				m.Users.Select(1)
				open("a user's new passphrase", func() { tapButton(t, f.win, f.app.env.Loc.T("users.reset")) })
				open("guide", f.app.showGuide)
				open("shortcuts", f.app.showShortcuts)
				open("about", f.app.showAbout)
				m.Show(sectionGovernance)
				open("retention rule dialog", func() { m.Governance().ShowRetention(); m.Governance().Retention.NewRule() })
				open("breach form", func() { m.Governance().ShowBreaches(); m.Governance().Breaches.OpenForm() })
				m.Show(sectionPatients)
				m.Patients.Select(2)
				open("consent panel", func() { // every purpose and history row, no column cut (ui/consents)
					m.openPatientConsents()
					uitest.AssertDialogTablesShow(t, f.win, "consent panel")
				})
			})
		}
	}
}

// tapButton taps the visible button of the window labelled text.
func tapButton(t *testing.T, win fyne.Window, text string) {
	t.Helper()
	for _, b := range uitest.ButtonsIn(win.Content()) {
		if b.Text == text && b.Visible() {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q", text)
}
