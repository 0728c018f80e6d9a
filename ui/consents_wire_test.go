package ui

import "custodia/ui/consents"

// newConsentPanel builds a patient's consent panel (ui/consents) as the
// shell would, without the dialog.
func newConsentPanel(a *App, s ConsentSession, patientID, title string) *consents.Panel {
	return consents.New(a.env, a.catalog(), a.useCases(s), patientID, title)
}
