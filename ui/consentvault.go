package ui

import (
	"errors"

	"custodia/consent"
	"custodia/ui/kit"
)

// demoController is the synthetic practice printed on the demo vault's
// receipts and packages.
var demoController = consent.Controller{Name: "Synthetic Practice (demo)", Address: "1 Example Street, 10115 Berlin",
	Country: "DE", Email: "privacy@practice.example", Phone: "+49 30 000000", URL: "https://practice.example/privacy",
	DPOContact: "Data-protection officer, Synthetic Practice"}

// consentSessionOf returns the consent side of a session, when it has one
// (cmd/custodia's vault sessions and the test fakes do). Controller details
// come from the vault, else from Options.Controller; an older demo vault
// without stored details has a synthetic practice.
func consentSessionOf(s kit.Session) (ConsentSession, bool) {
	cs, ok := s.(ConsentSession)
	return cs, ok
}

// controller returns the practice's details for receipts and packages.
func (a *App) controller() (consent.Controller, error) {
	if a.opts.Controller != nil {
		c, err := a.opts.Controller()
		if err == nil || !errors.Is(err, ErrNoController) || a.demo == nil {
			return c, err
		}
	}
	if a.demo != nil {
		return demoController, nil
	}
	return consent.Controller{}, ErrNoController
}
