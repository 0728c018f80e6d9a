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

// TestEnrolmentKeepsNoEmptyRow: in the set-up dialog the enrolment ends
// with the code field (its confirm button goes in the dialog's button
// row) and a message shows below the field only once there is one; in the
// forced screen the message shows beside the buttons. Before, an empty
// message row stayed below the confirm button (a blank band).
func TestEnrolmentKeepsNoEmptyRow(t *testing.T) {
	_, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	d := fyne.CurrentApp().Driver()
	inDialog := NewEnrolView(env, s, nil, nil)
	uitest.Show(env, container.NewVScroll(inDialog.Content()))
	uitest.Settle(env.Win.Canvas())
	bottom := d.AbsolutePositionForObject(inDialog.code).Y + inDialog.code.Size().Height
	end := d.AbsolutePositionForObject(inDialog.Content()).Y + inDialog.Content().MinSize().Height
	if end-bottom > 2*theme.Padding()+uitest.Slack {
		t.Errorf("%.0f px below the code field with no message", end-bottom)
	}
	if uitest.ContainsObject(inDialog.Content(), inDialog.ConfirmButton()) {
		t.Error("the dialog's confirm button is inside the enrolment, not in the dialog's button row")
	}
	inDialog.Enter("")
	if !inDialog.message.Visible() || inDialog.Message() == "" {
		t.Error("no message shown for an empty code")
	}

	forced := NewEnrolView(env, s, func() {}, nil)
	uitest.Show(env, container.NewVScroll(forced.Content()))
	forced.Enter("")
	uitest.Settle(env.Win.Canvas())
	if my, by := d.AbsolutePositionForObject(forced.message).Y, d.AbsolutePositionForObject(forced.confirm).Y; my > by+theme.Padding() {
		t.Errorf("forced: the message starts %.0f px below the button's top, want beside it", my-by)
	}
}
