package ui

import (
	"custodia/ui/consents"
	"custodia/ui/kit"
	"custodia/ui/patients"
	"custodia/vault"
)

// patientHooks composes the consent panel into the patient form: offered
// where the session has a consent side and the role may read consents.
func (m *mainView) patientHooks() patients.Hooks {
	if _, ok := consentSessionOf(m.session); !ok || !m.session.User().Role.Can(vault.PermConsentRead) {
		return patients.Hooks{}
	}
	return patients.Hooks{Consents: func(p vault.Patient) {
		loc := m.app.env.Loc
		title := loc.T("consent.paneltitle", "Name", p.FamilyName+", "+p.GivenName, "Born", kit.DateText(loc, p.BirthDate))
		m.patientConsents = m.app.showConsents(m.session, p.ID, title)
	}}
}

// openPatientConsents opens the consent panel of the patient on the form
// (tests and the tour); nil when the form offers none.
func (m *mainView) openPatientConsents() *consents.Panel {
	if m.Patients == nil || !m.Patients.Form.OpenConsents() {
		return nil
	}
	return m.patientConsents
}
