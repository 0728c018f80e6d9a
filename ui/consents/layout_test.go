package consents

import (
	"fmt"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// dialogSizes are the screen sizes of issue 10 the dialog is checked at.
var dialogSizes = []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// grantEvery records a grant of every purpose that needs consent, a few
// days apart, so the states table has dates and text versions in every
// column and the history has rows.
func (f *fixture) grantEvery(t *testing.T) {
	t.Helper()
	uc := f.uc()
	cat, err := uc.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	at := f.now.Add(-240 * time.Hour)
	for _, pu := range cat.Purposes() {
		if !pu.ConsentRequired {
			continue
		}
		at = at.Add(24 * time.Hour)
		e := consent.Event{PatientID: "p000001", PurposeID: pu.ID, Method: consent.MethodPaper, Time: at,
			ValidUntil: at.AddDate(5, 0, 0), Categories: pu.DataCategories}
		if _, err := uc.GrantConsent(usecase.Grant{Event: e, Language: "de"}); err != nil {
			t.Fatalf("grant %s: %v", pu.ID, err)
		}
	}
}

// The consent panel's dialog at 1280×800 and 1920×1080, in English and
// German, with the ledger read after the dialog opened (as the desktop
// does): every purpose row in view without scrolling sideways (or as many
// as the window allows, the history keeping rows in view), the history's
// rows shown, the dialog sized to its content, nothing cut.
func TestConsentDialogShowsItsRows(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		for _, size := range dialogSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f := newFixture(t, vault.RoleAdmin)
				f.grantEvery(t)
				f.env.Loc = i18n.MustLoad().Localizer(lang)
				fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
				f.env.Win.Resize(size)
				var later []func()
				f.env.Run = func(work, done func()) { later = append(later, func() { work(); done() }) }
				p := Show(f.env, i18n.MustLoad(), f.uc(), "p000001", "Family, Given1")
				for len(later) > 0 { // the ledger arrives after the dialog is shown
					run := later[0]
					later = later[1:]
					run()
				}
				if p.timeline.Len() < 4 {
					t.Fatalf("history has %d rows, want a grant per consent purpose", p.timeline.Len())
				}
				what := "consent panel"
				uitest.AssertShowsWhole(t, f.env.Win, what)
				uitest.AssertDialogTablesShow(t, f.env.Win, what)
				uitest.AssertFits(t, f.env.Win, what)
				if got := f.env.Win.Canvas().Size(); got != size {
					t.Errorf("window is %v, want %v", got, size)
				}
			})
		}
	}
}
