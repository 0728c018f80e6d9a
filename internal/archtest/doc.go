// Package archtest holds the tests that keep Custodia's layers apart: the
// domain packages (consent, deid, vault) and the headless command line never
// depend on the Fyne toolkit, and the pure domain packages never depend on a
// database driver.
package archtest
