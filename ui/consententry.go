package ui

import (
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// consentButton opens the patient's consent panel; hidden for roles that
// may not read consents or sessions without a consent side.
func (f *PatientForm) consentButton() *widget.Button {
	b := widget.NewButtonWithIcon(f.app.env.Loc.T("consent.open"), theme.DocumentIcon(), func() { f.OpenConsents() })
	if _, ok := consentSessionOf(f.session); !ok || !f.session.User().Role.Can(vault.PermConsentRead) {
		b.Hide()
	}
	return b
}

// updateConsentButton enables the button for a stored patient.
func (f *PatientForm) updateConsentButton() {
	kit.SetEnabled(!f.isNew && f.base.ID != "", f.consents)
}

// OpenConsents shows the consent panel of the patient on the form.
func (f *PatientForm) OpenConsents() *ConsentPanel {
	if f.isNew || f.base.ID == "" {
		return nil
	}
	title := f.app.env.Loc.T("consent.paneltitle", "Name", f.base.FamilyName+", "+f.base.GivenName, "Born", kit.DateText(f.app.env.Loc, f.base.BirthDate))
	f.Consents = f.app.showConsents(f.session, f.base.ID, title)
	return f.Consents
}
