package ui

import (
	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2/theme"
)

// consentSections are the main window's request and governance sections.
type consentSections struct {
	requests   *RequestsView
	governance *GovernanceView
}

// addConsentSections appends the Requests section (roles that take in or
// decide requests) and the Governance section (retention and breach log for
// the governance roles, practice details read-only for the other roles that read consents) when the session has a
// consent side.
func addConsentSections(m *MainView) *consentSections {
	c := &consentSections{}
	cs, ok := consentSessionOf(m.session)
	if !ok {
		return c
	}
	actor := cs.ConsentActor()
	if actor.Can(consent.PermIntake) || actor.Can(consent.PermDecide) {
		c.requests = newRequestsView(m.app, cs)
		m.addTab(SectionRequests, theme.MailComposeIcon(), c.requests.content)
	}
	// Roles without the governance permission that work with consents
	// find only the practice details there, read-only.
	if actor.Can(consent.PermGovernance) || cs.User().Role.Can(vault.PermConsentRead) {
		c.governance = newGovernanceView(m.app, cs)
		m.addTab(SectionGovernance, theme.StorageIcon(), c.governance.content)
	}
	return c
}

func (c *consentSections) activate(section string) {
	switch {
	case section == SectionRequests && c.requests != nil:
		c.requests.activate()
	case section == SectionGovernance && c.governance != nil:
		c.governance.Activate()
	}
}

// Requests is the request queue, or nil when the role does not have it.
func (m *MainView) Requests() *RequestsView { return m.consent.requests }

// Governance is the retention and breach screen, or nil.
func (m *MainView) Governance() *GovernanceView { return m.consent.governance }
