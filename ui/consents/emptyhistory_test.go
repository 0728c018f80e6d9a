package consents

import (
	"fmt"
	"testing"

	"custodia/i18n"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// A patient without consent events: the empty history keeps only its
// header (and the line saying it is empty), so the purposes get that room;
// at 1280×800 and 1920×1080 every purpose is in view (at 1280×800 the last
// one hid behind a blank history row).
func TestEmptyHistoryLeavesRoomForPurposes(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		for _, size := range dialogSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f := newFixture(t, vault.RoleFrontDesk)
				f.env.Loc = i18n.MustLoad().Localizer(lang)
				fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
				f.env.Win.Resize(size)
				p := Show(f.env, i18n.MustLoad(), f.uc(), "p000001", "Family, Given1")
				if p.timeline.Len() != 0 || p.states.Len() < 8 {
					t.Fatalf("%d history rows, %d purposes; want none and the shipped eight", p.timeline.Len(), p.states.Len())
				}
				if got, want := p.states.Size().Height, tableHeight(p.states.Len()); got < want-1 {
					t.Errorf("purposes get %.0f px, want %.0f for all %d", got, want, p.states.Len())
				}
				if got := p.timeline.Size().Height; got > tableHeight(0)+1 {
					t.Errorf("the empty history takes %.0f px, want its header's %.0f", got, tableHeight(0))
				}
			})
		}
	}
}
