package ui

import (
	"testing"

	"custodia/vault"
)

// messageFits asserts the top dialog still shows its whole content once a
// message came: it neither scrolls nor overflows (there is room kept for
// the message), or it is as large as the window allows.
func (f *layoutFixture) messageFits(t *testing.T, what string) {
	t.Helper()
	f.showsWhole(t, what)
}

// TestDialogFormsKeepLayoutWithMessages: the passphrase dialogs keep their
// size and their fields in place while the strength hints and the
// refusal come and go, and so does the retention rule dialog when a rule
// is refused (issue 10), in both languages.
func TestDialogFormsKeepLayoutWithMessages(t *testing.T) {
	for _, lang := range layoutLanguages {
		t.Run(lang, func(t *testing.T) {
			f := newLayoutFixture(t, layoutScreenSizes[0], lang)
			f.unlockAs(t, vault.RoleAdmin)
			c := f.win.Canvas()
			m := f.app.main

			m.ChangePassphrase()
			pc := m.PassChange
			checkMessageCycle(t, c, "own passphrase, hints", func() {
				pc.Fill("x", "abc")
				f.messageFits(t, "own passphrase, hints")
			}, func() { pc.Fill("", "") })
			checkMessageCycle(t, c, "own passphrase, refused", func() {
				pc.Fill("x", "abc")
				pc.Submit()
				f.messageFits(t, "own passphrase, refused")
			}, nil)
			f.app.closeOverlays()

			m.Show(sectionUsers)
			m.Users.Select(1)
			// the hints under the strength meter come and go while typing:
			// the Add user button below them stays put
			checkMessageCycle(t, c, "add user form, hints", func() { m.Users.Fill(1, "synthetic", "abc") },
				func() { m.Users.Fill(1, "synthetic", "Tulip-Harbour-Violin-42") })
			m.Users.Fill(1, "", "")
			tapButton(t, f.win, f.app.env.Loc.T("users.reset"))
			in := m.Users.AskedPassphrase()
			checkMessageCycle(t, c, "a user's new passphrase, hints", func() {
				in.Set("abc", "")
				f.messageFits(t, "a user's new passphrase, hints")
			}, func() { in.Set("", "") })
			f.app.closeOverlays()

			m.Show(sectionGovernance)
			g := m.Governance()
			g.ShowRetention()
			g.Retention.NewRule()
			rf := g.Retention.RuleForm
			checkMessageCycle(t, c, "retention rule, refused", func() {
				rf.Set(-1, 0, false, "")
				rf.Submit()
				if rf.Problem() == "" {
					t.Error("retention rule: a negative period was accepted")
				}
				f.messageFits(t, "retention rule, refused")
			}, nil)
		})
	}
}
