package ui

import (
	"testing"

	"custodia/i18n"
	"custodia/vault"
)

// A role that finds only the practice details in the governance section
// sees it named for them ("Praxis", "Practice"), not "Governance", a word
// the front desk does not use and German does not have; the governance
// roles keep the section's own name.
func TestGovernanceTabNamedForTheRole(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range layoutLanguages {
		for role, want := range map[vault.Role]string{vault.RoleFrontDesk: "sweeproles.section.practice",
			vault.RoleClinician: "sweeproles.section.practice", vault.RoleDPO: "menus.section.governance"} {
			f := newConsentFixture(t, role, consentNow)
			f.app.env.Loc = cat.Localizer(lang)
			m := newMainView(f.app, f.cs)
			title := ""
			for _, tab := range m.tabs.Items {
				if m.sectionOf(tab) == sectionGovernance {
					title = tab.Text
				}
			}
			if title != f.app.env.Loc.T(want) {
				t.Errorf("%s %s: governance tab %q, want %q", lang, role, title, f.app.env.Loc.T(want))
			}
		}
	}
}
