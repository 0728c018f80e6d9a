// Package ui holds Custodia's desktop views, built with the Fyne toolkit.
//
// # Shape
//
// Every screen is a plain struct that owns its widgets (startView,
// createView, unlockView, mainView). The logic a screen needs — passphrase
// strength, patient form parsing and validation, error wording — lives in
// small view-model types and functions (mostly in ui/kit) that are tested
// without pixels.
//
// This package is the shell: start, create and unlock, the main window and
// its tabs, menus and keys, language, idle lock and the screenshot tour.
// Features live in packages of their own (ui/users, ui/audit, ui/backup,
// ui/consents, ui/dashboard, ui/governance, ui/patients, ui/requests,
// ui/research): such a package never imports
// this one nor another feature; mainView builds it with a kit.Env (window,
// language, clock, runner) and the session, and adds its tab. What several
// features share is in ui/kit. internal/archtest checks both rules. Where
// one feature's screen shows another's (the patient form's Consents
// button opens the consent panel), the shell composes them through hooks
// (patients.Hooks, patientswire.go, consentside.go).
//
// Only what cmd/custodia needs is exported: New, Options and the
// contracts it implements (Backend, Vault, Session, …), App.Start and
// App.Shutdown, RunTour in tour builds. The screens and their accessors
// are unexported; the package's tests are internal.
//
// # Boundaries
//
// The package never creates the Fyne application or touches a driver: the
// composition root in cmd/custodia does that and hands in a Backend that
// wraps the real vault. ui declares the small interfaces it calls (Backend,
// Vault, Session) so tests run against fakes with the Fyne test driver.
//
// Permission checks and audit entries live in the vault; the UI only hides
// or disables what the signed-in role cannot do, so people are not offered
// actions that would be denied.
//
// # Threads
//
// Slow work (key derivation, paging, imports, audit verification) runs off
// the UI goroutine through a kit.Runner; its results reach widgets only through
// fyne.Do. Tests substitute a synchronous Runner.
//
// # Personal data
//
// Nothing here logs personal data; only errors the vault does not name are
// logged, and vault errors carry ids, never names. Patient fields and the
// search box are PrivateEntry widgets that refuse Copy and Cut, so patient
// data never reaches the clipboard. Only the vault path is remembered in
// preferences, never a user name or secret. Locking (the Lock button,
// Ctrl+L, or the idle timer) drops the session, closes every dialog and
// discards the views that showed patient data.
//
// # Screenshots
//
// RunTour drives every screen against the synthetic demo vault for
// documentation screenshots. It is built only with -tags tour (tour.go,
// tourconsent.go), so the production binary does not ship it; a
// "go build -tags tour ./cmd/custodia" binary starts it when
// CUSTODIA_SCREENSHOT_DIR is set.
package ui
