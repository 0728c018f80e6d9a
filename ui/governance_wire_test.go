package ui

import (
	usecase "custodia/app"
	"custodia/ui/governance"
)

// The governance tests drive the feature through the shell's App (its
// fake consent session, clock and window), as the shell builds it.

func newGovernanceView(a *App, s ConsentSession) *governance.View {
	return governance.New(a.env, a.useCases(s))
}

func newRetentionView(a *App, uc *usecase.Session) *governance.RetentionView {
	return governance.NewRetentionView(a.env, uc)
}

func newPracticeView(a *App, uc *usecase.Session) *governance.PracticeView {
	return governance.NewPracticeView(a.env, uc)
}
