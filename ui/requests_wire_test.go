package ui

import "custodia/ui/requests"

// newRequestsView builds the request queue (ui/requests) as the shell's
// Requests section does.
func newRequestsView(a *App, s ConsentSession) *requests.View {
	return requests.New(a.env, a.catalog(), a.useCases(s))
}
