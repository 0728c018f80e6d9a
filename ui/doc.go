// Package ui holds Custodia's desktop views, built with the Fyne toolkit.
//
// # Shape
//
// Every screen is a plain struct that owns its widgets (StartView,
// CreateView, UnlockView, MainView, PatientsView, PatientForm, UsersView,
// AuditView). The logic a screen needs — passphrase strength, the paged
// patient cache, patient form parsing and validation, error wording — lives
// in small view-model types and functions that are tested without pixels.
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
// the UI goroutine through a Runner; its results reach widgets only through
// fyne.Do. Tests substitute a synchronous Runner.
//
// # Personal data
//
// Nothing here logs personal data or writes it to the clipboard; only the
// vault path is remembered in preferences, never a user name or secret.
package ui
