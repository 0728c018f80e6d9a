package ui

import (
	"errors"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/consents"
	"custodia/ui/kit"
)

// ConsentSession is a Session with a consent side: what the use cases of
// package app need of an unlocked vault (usecase.Vault). cmd/custodia
// passes the vault's session through usecase.FromVault; tests use a fake
// over consent/memstore. The vault checks every permission and writes the
// audit trail; the screens only hide what a role cannot do.
type ConsentSession interface {
	kit.Session
	usecase.Vault
}

// ErrNoController: the practice's controller details (name, address,
// DPO contact) are not configured, so no receipt or package can be made.
// It is usecase.ErrNoController.
var ErrNoController = usecase.ErrNoController

// useCases returns the use cases (package app) of a consent session, with
// the app's clock and the configured practice details as fallback.
func (a *App) useCases(s ConsentSession) *usecase.Session {
	return usecase.New(s, usecase.Options{Now: a.env.Now, Controller: a.controller})
}

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

// showConsents opens a patient's consent panel (ui/consents) when the
// session has a consent side; nil otherwise.
func (a *App) showConsents(s kit.Session, patientID, title string) *consents.Panel {
	cs, ok := consentSessionOf(s)
	if !ok {
		return nil
	}
	return consents.Show(a.env, a.catalog(), a.useCases(cs), patientID, title)
}

// catalog is the catalogue of every shipped language (documents speak
// the patient's language, the screens the user's).
func (a *App) catalog() *i18n.Catalog { return a.opts.Catalog }
