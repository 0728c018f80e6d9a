// Package audit is the Audit tab of the desktop app: the trail page by
// page with people named, not ids; verifying its hash chain; writing an
// anchor file to keep outside the vault and showing how old the last one
// is.
//
// The shell (custodia/ui) builds the view with a kit.Env and the session;
// this package imports no other feature package and not the shell.
package audit
