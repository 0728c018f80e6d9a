package ui

import "custodia/app"

// writeLockAnchor writes the practice's audit anchor file, if the
// administrator set one, before the session's keys are dropped
// (app.WriteLockAnchor). A failure is logged (a path and an audit error,
// no personal data) and never stops the lock.
func (a *App) writeLockAnchor() {
	s, ok := a.session.(app.LockAnchorer)
	if !ok {
		return
	}
	if _, err := app.WriteLockAnchor(s); err != nil {
		a.opts.Logf("custodia: audit anchor on lock: %v", err)
	}
}
