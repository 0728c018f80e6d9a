package users

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	usecase "custodia/app"
	"custodia/ui/internal/uitest"
	"custodia/vault"
)

// TestRemoveSecondFactorOnlyForThoseWhoHaveOne: the users screen offers
// "Remove second factor" for a user with one, not for a user without.
func TestRemoveSecondFactorOnlyForThoseWhoHaveOne(t *testing.T) {
	_, s := vault.NewTestVault(t)
	e, err := s.BeginTOTP()
	if err != nil {
		t.Fatal(err)
	}
	code, _ := vault.TOTPCode(e.Secret, time.Now())
	if err := s.ConfirmTOTP(code); err != nil {
		t.Fatal(err)
	}
	if _, err := usecase.AddUser(s, "maria", vault.RoleFrontDesk, []byte("Tulip-Harbour-Violin-42")); err != nil {
		t.Fatal(err)
	}
	env := uitest.Env(t, s)
	u := NewView(env, s)
	uitest.Show(env, u.Content())
	u.Activate()
	if u.totpOff == nil {
		t.Fatal("the vault session manages second factors, but the screen offers no removal")
	}
	for i, user := range u.Users() {
		u.list.Select(i)
		enrolled := user.Name == vault.TestAdminName
		if u.totpOff.Disabled() == enrolled {
			t.Errorf("%s (second factor %v): removal offered %v", user.Name, enrolled, !u.totpOff.Disabled())
		}
	}
}

// TestEnrolmentTitleShownOnce: in the set-up dialog the dialog's title
// names the second factor, so the body has no heading repeating it; the
// forced enrolment is a screen of its own and keeps its heading.
func TestEnrolmentTitleShownOnce(t *testing.T) {
	_, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	title := env.Loc.T("users.totp.title")
	inDialog := NewEnrolView(env, s, nil, nil)
	uitest.CheckShown(t, "enrolment in a dialog", inDialog.Content(), nil, []string{title})
	forced := NewEnrolView(env, s, func() {}, nil)
	uitest.CheckShown(t, "forced enrolment", forced.Content(), []string{title}, nil)
}

// TestEnrolmentTextAtTop: in the set-up dialog, which is taller than the
// enrolment needs where the window has room, the text starts at the top
// instead of below a gap (the body was centred vertically).
func TestEnrolmentTextAtTop(t *testing.T) {
	_, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	v := NewEnrolView(env, s, nil, nil)
	uitest.Show(env, v.Content()) // a window 720 high: more than the body needs
	if need, have := v.Content().MinSize().Height, env.Win.Canvas().Size().Height; need > have-100 {
		t.Fatalf("the body needs %.0f of %.0f: no spare height to test with", need, have)
	}
	first := strings.Fields(env.T("users.totp.intro"))[0]
	y, ok := uitest.TextTop(env.Win.Canvas(), first)
	if !ok {
		t.Fatalf("the text starting %q is not shown", first)
	}
	if most := 3 * theme.Padding(); y > most {
		t.Errorf("the text starts %.0f px down, want at most %.0f (a gap above it)", y, most)
	}
}

// TestEnrolmentOffersTheCodesAsPDF: the enrolment that tells people to
// print the backup codes offers them as a PDF sheet, named for the
// account the authenticator URI names.
func TestEnrolmentOffersTheCodesAsPDF(t *testing.T) {
	_, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	v := NewEnrolView(env, s, nil, nil)
	uitest.CheckShown(t, "enrolment", v.Content(), []string{env.Loc.T("erasure.savepdf")}, nil)
	if got := accountName(v.Enrolment.URI); got != vault.TestAdminName {
		t.Errorf("account %q, want %q", got, vault.TestAdminName)
	}
}

// TestEnrolmentEndsWithItsButtons: in the set-up dialog the enrolment's
// last row is the one with the confirm button; a message shows beside the
// button (in the forced screen too), so no empty row is kept for one
// below it (the set-up dialog ended with a blank band).
func TestEnrolmentEndsWithItsButtons(t *testing.T) {
	_, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	d := fyne.CurrentApp().Driver()
	for _, forced := range []bool{false, true} {
		var cancel func()
		if forced {
			cancel = func() {}
		}
		v := NewEnrolView(env, s, cancel, nil)
		uitest.Show(env, container.NewVScroll(v.Content()))
		uitest.Settle(env.Win.Canvas())
		bottom := d.AbsolutePositionForObject(v.confirm).Y + v.confirm.Size().Height
		end := d.AbsolutePositionForObject(v.Content()).Y + v.Content().MinSize().Height
		if !forced && end-bottom > theme.Padding()+uitest.Slack { // the forced screen centres its body
			t.Errorf("%.0f px below the confirm button's row", end-bottom)
		}
		v.Enter("")
		uitest.Settle(env.Win.Canvas())
		if my, by := d.AbsolutePositionForObject(v.message).Y, d.AbsolutePositionForObject(v.confirm).Y; my > by+theme.Padding() {
			t.Errorf("forced %v: the message starts %.0f px below the button's top, want beside it", forced, my-by)
		}
	}
}
