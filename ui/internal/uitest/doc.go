// Package uitest holds what the feature packages' tests share: a fake
// vault session with synthetic users and audit entries, an Env on the
// Fyne test driver that runs slow work at once, and small dialog helpers.
// Only tests import it.
package uitest
