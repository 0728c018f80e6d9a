// Package backup is the desktop app's backup and restore flow: the start
// screen's "restore from a backup" form (a new vault from an encrypted
// backup, with the erasure journal applied again), and on the main window
// the reminder when the newest backup is old and the dialog that writes
// an encrypted backup (age, passphrase).
//
// The shell (custodia/ui) builds both with a kit.Env; this package imports
// no other feature package and not the shell. The vault writes the backup
// and records it; this package only asks for a file and a passphrase.
package backup
