package ui

import (
	"custodia/consent"
	"custodia/ui/dashboard"
	"custodia/vault"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// sectionOverview is the key of the overview's tab (see mainView.Show).
const sectionOverview = "Overview"

// addOverview puts the DPO dashboard (package ui/dashboard) in the main
// window for the governance roles: the DPO's first tab, where the window
// opens after unlock; the administrator finds it after the other tabs.
// Its entries open the request, breach and retention screens.
func addOverview(m *mainView) {
	cs, ok := consentSessionOf(m.session)
	if !ok || !cs.ConsentActor().Can(consent.PermGovernance) {
		return
	}
	loc := m.app.env.Loc
	links := dashboard.Links{}
	if m.consent.requests != nil {
		links.Request = func(id string) { m.Show(sectionRequests); m.consent.requests.Show(id) }
		links.Requests = func() { m.Show(sectionRequests) }
	}
	if m.consent.governance != nil {
		links.Breaches = func() { m.Show(sectionGovernance); m.consent.governance.ShowBreaches() }
		links.Retention = func() { m.Show(sectionGovernance); m.consent.governance.ShowRetention() }
	}
	run := func(work, done func()) { m.app.env.Run(work, done) }
	describe := func(err error) string { return m.app.env.Describe(err).Message }
	m.Overview = dashboard.New(loc, m.app.useCases(cs), dashboard.Options{Run: run, Links: links, Describe: describe, After: m.app.env.After})
	tab := container.NewTabItemWithIcon(loc.T("dashboard.section"), theme.HomeIcon(), m.Overview.Content())
	if m.sections == nil {
		m.sections = map[*container.TabItem]string{}
	}
	m.sections[tab] = sectionOverview
	if cs.User().Role == vault.RoleDPO {
		m.tabs.Items = append([]*container.TabItem{tab}, m.tabs.Items...)
		return
	}
	m.tabs.Append(tab)
}

// activateOverview loads the overview each time it is shown, so its
// figures are those of the moment.
func (m *mainView) activateOverview(section string) bool {
	if m.Overview == nil || section != sectionOverview {
		return false
	}
	m.Overview.Refresh()
	return true
}
