package consents

import (
	"fmt"
	"testing"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The withdrawal confirmation at 1280×800 and 1920×1080 in English and
// German: its three ways of receipt ("Mündlich", "Auf Papier", "Am
// Bildschirm") stay inside the dialog, which is as wide as they need.
func TestWithdrawDialogFits(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		for _, size := range dialogSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f := newFixture(t, vault.RoleAdmin)
				f.grantEvery(t)
				f.env.Loc = i18n.MustLoad().Localizer(lang)
				fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
				f.env.Win.Resize(size)
				p := Show(f.env, i18n.MustLoad(), f.uc(), "p000001", "Family, Given1")
				granted := ""
				for _, r := range p.Rows() {
					if r.ActiveGrant != nil && r.Purpose.ConsentRequired {
						granted = r.Purpose.ID
						break
					}
				}
				if granted == "" || !p.Select(granted) {
					t.Fatalf("no granted purpose to select")
				}
				p.confirmWithdraw()
				what := "withdraw dialog"
				uitest.AssertShowsWhole(t, f.env.Win, what)
				uitest.AssertFits(t, f.env.Win, what)
				uitest.AssertInsideDialog(t, f.env.Win, what)
			})
		}
	}
}
