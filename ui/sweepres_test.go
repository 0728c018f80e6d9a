package ui

import (
	"testing"

	"custodia/i18n"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestCreateFormNamesTheAccount: the create-vault form labels the first
// user's field as the administrator's account (a user name is typed
// there), not with the bare role word "Administration".
func TestCreateFormNamesTheAccount(t *testing.T) {
	f := newFixture(t, 0)
	test.Tap(f.app.start.create)
	c := f.app.create
	loc := testLoc()
	found := false
	for _, o := range test.LaidOutObjects(c.content) {
		form, ok := o.(*widget.Form)
		if !ok {
			continue
		}
		for _, it := range form.Items {
			if it.Widget != c.admin {
				continue
			}
			found = true
			if it.Text != loc.T("sweepres.adminAccount") || it.Text == loc.T("labels.role.admin") {
				t.Errorf("the administrator's field is labelled %q", it.Text)
			}
		}
	}
	if !found {
		t.Fatal("no form item holds the administrator's entry")
	}
}

// TestRecoveryScreenLeadsToUnlockAsAdmin: after the recovery code is
// stored, "Continue to unlock" opens the unlock screen with the new
// administrator's name filled in and the cursor in the passphrase.
func TestRecoveryScreenLeadsToUnlockAsAdmin(t *testing.T) {
	f := newFixture(t, 0)
	test.Tap(f.app.start.create)
	c := f.app.create
	c.path.SetText("/new.vault")
	test.Type(c.admin, "anna")
	c.pass.Set("Tulip-Harbour-Violin-42", "Tulip-Harbour-Violin-42")
	test.Tap(c.create)
	r := f.app.recovery
	if r == nil {
		t.Fatalf("no recovery screen: %q", c.status.Text)
	}
	r.stored.SetChecked(true)
	test.Tap(r.next)
	u := f.app.unlock
	if u == nil {
		t.Fatal("no unlock screen after the recovery code")
	}
	if u.user.Text != "anna" {
		t.Errorf("user %q, want the new administrator", u.user.Text)
	}
	if f.app.env.Win.Canvas().Focused() != u.pass {
		t.Error("the cursor is not in the passphrase")
	}
}

// TestUnlockFormStaysPutWhenAMessageComes: the unlock screen is centred
// in the window; an error of up to three lines under it leaves the
// fields where they were (the form jumped up by a line per line of
// message, away from the pointer).
func TestUnlockFormStaysPutWhenAMessageComes(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	test.Tap(f.app.start.open)
	u := f.app.unlock
	d := fyne.CurrentApp().Driver()
	before := d.AbsolutePositionForObject(u.user)
	u.message.SetText(testLoc().T("unlock.user.placeholder") + "\n2\n3")
	f.win.Content().Refresh()
	f.win.Resize(f.win.Canvas().Size()) // lay the window out again
	if after := d.AbsolutePositionForObject(u.user); after != before {
		t.Errorf("the user field moved from %v to %v when a message came", before, after)
	}
}

// TestRecoveryCodeIsOfferedAsAButton: "Use the recovery code instead" is
// drawn as a button with a background, not as a caption, and in German
// either wording of it fits the unlock form's row without widening the
// form (which moved every field sideways when it was toggled).
func TestRecoveryCodeIsOfferedAsAButton(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	test.Tap(f.app.start.open)
	u := f.app.unlock
	if u.recovery.Importance == widget.LowImportance {
		t.Errorf("recovery button: importance %v", u.recovery.Importance)
	}
	de := i18n.MustLoad().Localizer("de")
	u.closeBtn.SetText(de.T("menus.closevault"))
	u.unlock.SetText(de.T("unlock.unlock"))
	for _, id := range []string{"unlock.userecovery", "unlock.usepassphrase"} {
		row := u.closeBtn.MinSize().Width + u.unlock.MinSize().Width + 2*theme.Padding()
		u.recovery.SetText(de.T(id))
		if row += u.recovery.MinSize().Width; row > 600 {
			t.Errorf("%s: the button row needs %.0f px, the form is 600", id, row)
		}
	}
}
