// Package uitest holds what the ui packages' tests share: a fake vault
// session with synthetic users and audit entries, an Env on the Fyne test
// driver that runs slow work at once, small dialog helpers, and the
// layout checker (AssertFits: no text cut or spilling, nothing past the
// window, no window that would grow) that the shell's and every feature's
// layout tests run. Only tests import it.
package uitest
