package ui

import (
	"custodia/consent"
	"custodia/ui/governance"
	"custodia/ui/requests"
	"custodia/vault"

	"fyne.io/fyne/v2/theme"
)

// sectionRequests is the data-subject request queue.
const sectionRequests = "Requests"

// sectionGovernance holds the retention schedule, the breach log and the
// practice details.
const sectionGovernance = "Governance"

// consentSections are the main window's request and governance sections.
type consentSections struct {
	requests   *requests.View
	governance *governance.View
}

// addConsentSections appends the Requests section (roles that take in or
// decide requests) and the Governance section (retention and breach log for
// the governance roles, practice details read-only for the other roles that read consents) when the session has a
// consent side.
func addConsentSections(m *mainView) *consentSections {
	c := &consentSections{}
	cs, ok := consentSessionOf(m.session)
	if !ok {
		return c
	}
	actor := cs.ConsentActor()
	if actor.Can(consent.PermIntake) || actor.Can(consent.PermDecide) {
		c.requests = requests.New(m.app.env, m.app.catalog(), m.app.useCases(cs))
		m.addTab(sectionRequests, theme.MailComposeIcon(), c.requests.Content())
	}
	// Roles without the governance permission that work with consents
	// find only the practice details there, read-only.
	if actor.Can(consent.PermGovernance) || cs.User().Role.Can(vault.PermConsentRead) {
		c.governance = governance.New(m.app.env, m.app.useCases(cs))
		m.addTab(sectionGovernance, theme.StorageIcon(), c.governance.Content())
		if !actor.Can(consent.PermGovernance) { // named for what it holds for them
			m.tabs.Items[len(m.tabs.Items)-1].Text = m.app.env.Loc.T("sweeproles.section.practice")
		}
	}
	return c
}

func (c *consentSections) activate(section string) {
	switch {
	case section == sectionRequests && c.requests != nil:
		c.requests.Activate()
	case section == sectionGovernance && c.governance != nil:
		c.governance.Activate()
	}
}

// Requests is the request queue, or nil when the role does not have it.
func (m *mainView) Requests() *requests.View { return m.consent.requests }

// Governance is the retention and breach screen, or nil.
func (m *mainView) Governance() *governance.View { return m.consent.governance }
