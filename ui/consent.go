package ui

import (
	usecase "custodia/app"
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
