package users

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

const testPass = "correct horse battery staple"

func TestUsersScreenAddsChangesAndDisables(t *testing.T) {
	s := uitest.NewSession(vault.User{ID: "u-admin", Name: "admin", Role: vault.RoleAdmin})
	env := uitest.Env(t, s)
	u := NewView(env, s)
	uitest.Show(env, u.Content())
	u.Activate()
	test.Type(u.name, "maria")
	u.newRole.SetSelected(kit.RoleLabel(uitest.Loc(), vault.RoleFrontDesk))
	u.pass.Set("weak", "")
	if !u.add.Disabled() {
		t.Fatal("add enabled with a weak passphrase")
	}
	u.pass.Set("Tulip-Harbour-Violin-42", "Tulip-Harbour-Violin-42")
	test.Tap(u.add)
	if len(u.Users()) != 2 || u.Users()[1].Role != vault.RoleFrontDesk {
		t.Fatalf("users = %+v; status %q", u.Users(), u.status.Text)
	}
	u.list.Select(1)
	u.role.SetSelected(kit.RoleLabel(uitest.Loc(), vault.RoleClinician))
	test.Tap(u.setRole)
	if s.Users[1].Role != vault.RoleClinician {
		t.Fatalf("role not changed: %+v", s.Users[1])
	}
	u.list.Select(1)
	u.toggleDisabled()
	uitest.ConfirmTopDialog(t, env.Win)
	if !s.Users[1].Disabled || userState(uitest.Loc(), s.Users[1]) != "Clinical care · disabled" {
		t.Fatalf("not disabled: %+v", s.Users[1])
	}
	u.list.Select(0) // self: no self-demotion or self-disabling offered
	if !u.disable.Disabled() || !u.setRole.Disabled() {
		t.Fatal("an administrator is offered to disable or demote themself")
	}
}

func TestChangeOwnPassphrase(t *testing.T) {
	s := uitest.NewSession(vault.User{ID: "u-clinician", Name: "clinician", Role: vault.RoleClinician})
	s.Pass = testPass
	env := uitest.Env(t, s)
	c := NewPassphraseChange(env, s)
	c.Show()
	test.Type(c.old, "not my passphrase")
	c.next.Set("Quiet-Lantern-Orchard-7", "Quiet-Lantern-Orchard-7")
	c.Submit()
	if c.Done || !strings.Contains(c.message.Text, "Wrong user name or passphrase") {
		t.Fatalf("wrong current passphrase: done %v, message %q", c.Done, c.message.Text)
	}
	if c.old.Text != "" {
		t.Error("the wrong passphrase stays in the dialog")
	}
	test.Type(c.old, testPass)
	c.Submit()
	if !c.Done || s.Pass != "Quiet-Lantern-Orchard-7" {
		t.Fatalf("change not made: %q", c.message.Text)
	}
}

// TestQRCodeIsAPNG: the enrolment's otpauth URI becomes a PNG an
// authenticator app can scan (the forced enrolment itself is tested
// through the shell, against a real vault).
func TestQRCodeIsAPNG(t *testing.T) {
	res, err := qrCode("otpauth://totp/Custodia:anna?secret=JBSWY3DPEHPK3PXP&issuer=Custodia")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(res.Content()))
	if err != nil || img.Bounds().Dx() < 100 {
		t.Fatalf("QR code is no usable PNG: %v", err)
	}
}

// TestRefusedChangeFocusesOnlyTheCurrentPassphrase: after a refusal the
// dialog reopens with the cursor in the current passphrase, and the new
// passphrase field, focused when the person confirmed, no longer draws
// the focus border (two fields must never look focused at once).
func TestRefusedChangeFocusesOnlyTheCurrentPassphrase(t *testing.T) {
	s := uitest.NewSession(vault.User{ID: "u-clinician", Name: "clinician", Role: vault.RoleClinician})
	s.Pass = testPass
	env := uitest.Env(t, s)
	c := NewPassphraseChange(env, s)
	c.Show()
	test.Type(c.old, testPass)
	next := c.next.FirstField().(*kit.EscEntry)
	env.Win.Canvas().Focus(next)
	c.next.Set("short", "short") // too weak: refused
	if !looksFocused(next) {
		t.Fatal("the focused new passphrase field does not look focused (the check sees nothing)")
	}
	confirm := env.T("users.own.ok")
	tapped := false
	for _, b := range uitest.ButtonsIn(env.Win.Canvas().Overlays().Top()) {
		if b.Text == confirm {
			// a click as the desktop driver delivers it: a click on a
			// button leaves the focus where it was (test.Tap unfocuses)
			b.OnTapped()
			tapped = true
		}
	}
	if !tapped || c.message.Text == "" {
		t.Fatalf("no refusal after confirming (button found %v)", tapped)
	}
	if got := env.Win.Canvas().Focused(); got != c.old {
		t.Errorf("focus on %T after the refusal, want the current passphrase", got)
	}
	if looksFocused(next) {
		t.Error("the new passphrase field still looks focused while the current one has the focus")
	}
	if !looksFocused(c.old) {
		t.Error("the current passphrase field has the focus but does not look it")
	}
}

// looksFocused is whether the entry draws the focus border (the primary
// colour), as a person sees it.
func looksFocused(e *kit.EscEntry) bool {
	primary := theme.Color(theme.ColorNamePrimary)
	for _, o := range test.WidgetRenderer(e).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.StrokeWidth > 0 && r.StrokeColor == primary {
			return true
		}
	}
	return false
}
