// Command custodiactl is the headless command line of Custodia: it creates
// and fills vaults, manages users and patients, imports CSV files, checks
// the audit trail, records consents, works data-subject requests, keeps the
// governance records and runs de-identification, for automation, scripting, CI
// and benchmarks. It never imports Fyne and builds with CGO_ENABLED=0.
//
// # Commands
//
//	init                         create a vault and its first administrator
//	demo                         create a demo vault with synthetic patients
//	user add|list|passwd|disable|enable|role
//	patient add|edit|show|find|list|count|import|import-fhir|import-clinical
//	encounter add|list|edit|delete
//	observation add|list|delete
//	audit verify|list
//	consent grant|withdraw|list|history|due|export-fhir|import-fhir|receipt
//	dsr open|list|show|verify|extend|complete|deny|overdue
//	retention due|purge|rules list|set|delete
//	ropa                         records of processing activities (Art. 30)
//	breach add|list|notify|notice
//	anonymize                    de-identify a CSV table
//	hierarchy interval|date|mask|group  hierarchies for anonymize from a column
//
// Run "custodiactl --help", "custodiactl <group> --help" or
// "custodiactl <command> --help". Flags may come before or after positional
// arguments; "--" ends the flags. Every vault command takes --vault, --user
// and --passphrase-file; every listing command takes --json. README.md has
// the full table.
//
// # Adding a command
//
// The command tree is built per run from the explicit list in commands()
// (command.go). A new file holding
//
//	func anonymizeCommand() *command {
//		c := newCommand("anonymize", "[flags] INPUT", "de-identify a table")
//		k := c.flags.Int("k", 5, "minimum equivalence class size")
//		c.nargs = exactArgs(1)
//		c.run = func(ctx *runContext, args []string) error { ... }
//		return c
//	}
//
// and one line "anonymizeCommand()," in commands() is all it takes: no
// reflection, no init function, no registry variable. Groups are made
// with newGroup(name, summary, subcommands...). Commands read and write only
// through runContext (stdin, stdout, stderr, getenv, now), so tests run them
// in-process through run(args, stdin, stdout, stderr, getenv).
//
// Commands that open a vault call addVaultFlags on their flag set and
// ctx.openSession with the result; listing commands take --json.
//
// # Errors and exit codes
//
// Commands return errors; report (errors.go) is the one place that turns
// them into a message on stderr and an exit code:
//
//	0  success
//	1  internal error (details are logged as error types only, never text)
//	2  usage error: unknown command, bad flag, wrong arguments
//	3  not found: vault file, patient, user
//	4  permission denied, disabled user, restricted record
//	5  wrong user name, passphrase or recovery code; throttled unlock
//	6  validation error: invalid field, malformed CSV, name taken
//	7  integrity error: tampered ciphertext or broken audit chain
//	130 cancelled by SIGINT or SIGTERM (anonymize, export run, patient import); no output left behind, nothing imported
//
// Messages are lower case, without a trailing period, and never contain
// personal data: patients are named by id, CSV problems by line and field.
// A command that knows better returns newExitError(code, cause, format, ...).
//
// # Environment
//
//	CUSTODIA_VAULT          default for --vault
//	CUSTODIA_USER           default for --user (else "admin")
//	CUSTODIA_PASSPHRASE     passphrase, instead of --passphrase-file or a prompt
//	CUSTODIA_NEW_PASSPHRASE new passphrase for user add and user passwd
//	CUSTODIA_RECOVERY_CODE  recovery code for user passwd --recovery
//	CUSTODIA_TOTP_CODE      second-factor code, instead of --code or a prompt
//	CUSTODIA_LANG           language of the error messages ("en", "de"); else
//	                        LC_ALL, LC_MESSAGES or LANG; "--lang de" before the
//	                        command wins over both
//
// Error messages for people come from the catalogue (package i18n, area
// cli) in English or German; help texts of commands and flags, confirmations
// printed by commands and table headers are English, and machine output
// (JSON, CSV, exit codes) never depends on the language.
//
// No variable or flag weakens the key derivation or moves the clock: tests
// set those in-process (testHooks).
package main
