package ui

import (
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/dashboard"
	"custodia/vault"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// addOverview puts the DPO dashboard (package ui/dashboard) in the main
// window for the governance roles: the DPO's first tab, where the window
// opens after unlock; the administrator finds it after the other tabs.
// Its entries open the request, breach and retention screens.
func addOverview(m *MainView) {
	cs, ok := consentSessionOf(m.session)
	if !ok || !cs.ConsentActor().Can(consent.PermGovernance) {
		return
	}
	loc := m.app.interimLocalizer()
	links := dashboard.Links{}
	if m.consent.requests != nil {
		links.Request = func(id string) { m.Show(SectionRequests); m.consent.requests.Show(id) }
		links.Requests = func() { m.Show(SectionRequests) }
	}
	if m.consent.governance != nil {
		links.Breaches = func() { m.Show(SectionGovernance); m.consent.governance.ShowBreaches() }
		links.Retention = func() { m.Show(SectionGovernance); m.consent.governance.ShowRetention() }
	}
	run := func(work, done func()) { m.app.opts.Run(work, done) }
	describe := func(err error) string { return m.app.describe(err).Message }
	m.Overview = dashboard.New(loc, m.app.useCases(cs), dashboard.Options{Run: run, Links: links, Describe: describe})
	tab := container.NewTabItemWithIcon(loc.T("dashboard.section"), theme.HomeIcon(), m.Overview.Content())
	m.overviewTab = tab
	if cs.User().Role == vault.RoleDPO {
		m.tabs.Items = append([]*container.TabItem{tab}, m.tabs.Items...)
		return
	}
	m.tabs.Append(tab)
}

// activateOverview loads the overview each time it is shown, so its
// figures are those of the moment.
func (m *MainView) activateOverview(section string) bool {
	if m.overviewTab == nil || section != m.overviewTab.Text {
		return false
	}
	m.Overview.Refresh()
	return true
}

// interimCatalog and interimLocalizer stand in for the Localizer the i18n
// engineer threads from the composition root through the shell: until
// that lands, the overview and the protected access documents are built
// in English here, their single wiring point.
func interimCatalog() *i18n.Catalog { return i18n.MustLoad() }

func (a *App) interimLocalizer() *i18n.Localizer { return interimCatalog().Localizer("en") }
