// Package users is the Users tab of the desktop app (administrators: add
// users, change roles, disable and re-enable, reset passphrases, require a
// second factor) and the signed-in user's own account dialogs: changing
// one's passphrase and enrolling a second factor (TOTP, with its QR code),
// and the notice to administrators after a vault upgrade naming the
// accounts that need a new passphrase (NoticePendingKeys).
//
// The shell (custodia/ui) builds the views with a kit.Env and the session;
// this package imports no other feature package and not the shell.
// Permission checks and audit entries stay in the vault, reached through
// package app.
package users
