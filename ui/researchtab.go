package ui

import (
	"custodia/ui/research"
	"custodia/vault"

	"fyne.io/fyne/v2/theme"
)

// sectionResearch is the Research tab (issue 7 §9): studies, export
// history, the export wizard and "Open research package".
const sectionResearch = "Research"

// researchSection is the Research tab of the main view.
type researchSection struct {
	view *research.View
}

// addResearchSection appends the Research tab for the roles holding the
// research-export permission (administrator, DPO, researcher) when the
// session has the use cases of package app (cmd/custodia's vault sessions
// do). The vault filters what a researcher sees.
func addResearchSection(m *mainView) *researchSection {
	u := m.session.User()
	cs, ok := consentSessionOf(m.session)
	if !ok || !u.Role.Can(vault.PermResearchExport) {
		return nil
	}
	uc := m.app.useCases(cs)
	opts := research.Options{
		Service: research.FromApp(uc),
		Loc:     m.app.env.Loc, // the shell rebuilds the main view when the language changes
		Window:  m.app.env.Win, Role: u.Role,
		Run: research.Runner(m.app.env.Run), After: m.app.env.After, Now: m.app.env.Now,
		Touch: m.app.touch, Logf: m.app.env.Logf, ShowDialog: m.app.env.ShowTracked,
	}
	if u.Role != vault.RoleResearcher {
		opts.Researchers = research.ResearchersFromApp(uc)
	}
	r := &researchSection{view: research.New(opts)}
	m.addTab(sectionResearch, theme.DocumentIcon(), r.view.Content())
	return r
}

// Research is the Research tab, or nil when the role does not have it.
func (m *mainView) Research() *research.View {
	if m.research == nil {
		return nil
	}
	return m.research.view
}

// closeResearch ends the Research tab's work (a running preview, export or
// load) and drops the research extract from memory; called when the main
// view goes (lock, language switch). Harmless on a nil view.
func (m *mainView) closeResearch() {
	if m != nil && m.research != nil {
		m.research.view.Close()
	}
}
