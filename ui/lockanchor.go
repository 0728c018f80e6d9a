package ui

import (
	"custodia/app"

	"fyne.io/fyne/v2/dialog"
)

// writeLockAnchor writes the practice's audit anchor file, if the
// administrator set one, before the session's keys are dropped
// (app.WriteLockAnchor). It returns what to tell the user when that
// failed ("" otherwise); a failure never stops the lock.
func (a *App) writeLockAnchor() string {
	s, ok := a.session.(app.LockAnchorer)
	if !ok {
		return ""
	}
	path, err := app.WriteLockAnchor(s)
	if err != nil {
		a.env.Logf("custodia: audit anchor on lock: %v", err)
	}
	return app.LockAnchorProblem(a.env.Loc, path, err)
}

// reportLockAnchor shows, over the unlock screen, why the lock anchor was
// not written.
func (a *App) reportLockAnchor(problem string) {
	if problem != "" {
		dialog.ShowInformation(a.env.Loc.T("anchor.lock.title"), problem, a.env.Win)
	}
}
