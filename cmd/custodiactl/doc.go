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
//	func studyListCommand() *command {
//		c := newCommand("list", "[flags]", "cli3.cmd.export.study.list")
//		return leaf[[]app.StudyRecord]{nargs: noArgs, json: "cli3.flag.json",
//			check: ..., // usage errors, before any passphrase is asked
//			do:    ..., // the use case on the unlocked vault
//			show:  ..., // the result for people, in the run's language
//		}.build(c)
//	}
//
// and one line in commands() (or in its group) is all it takes: no
// reflection, no init function, no registry variable. Groups are made
// with newGroup(name, summary, subcommands...). Commands read and write only
// through runContext (stdin, stdout, stderr, getenv, now), so tests run them
// in-process through run(args, stdin, stdout, stderr, getenv).
//
// A command's summary and help and every flag's description are catalogue
// ids (cli3.cmd.<path>, cli3.help.<path>, cli3.flag.*) in English and
// German; printHelp (help.go) words them in the run's language, and
// TestEveryHelpTextIsACatalogueMessage fails on a literal. Messages and
// usage errors are catalogue ids too (usage, invalid and fail in
// errors.go, ctx.say in words.go).
//
// Leaves over the vault are built by leaf[T].build (leaf.go): the vault
// flags, --json, check before unlocking, do on the unlocked vault, show
// or JSON; a few keep their own run (backup and restore, which take
// --login-passphrase-file or open no vault; passwd, which unlocks with the
// current or the recovery secret; init and demo, which create a vault;
// audit forward, which runs until interrupted; patient import, which is
// cancellable; import-fhir, whose --dry-run opens no vault).
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
// A command that knows better returns fail(code, cause, id, pairs...) with
// a catalogue id (usage and invalid for codes 2 and 6); a use-case error
// (app.Error) is worded by its kind (errors_app.go), never by the English
// text it carries for logs. Tables for people name staff accounts and, for
// roles that may read identities, patients (usernames.go).
//
// # Environment
//
//	CUSTODIA_VAULT          default for --vault
//	CUSTODIA_USER           default for --user (else "admin")
//	CUSTODIA_PASSPHRASE     passphrase, instead of --passphrase-file or a prompt
//	CUSTODIA_NEW_PASSPHRASE new passphrase for user add and user passwd
//	CUSTODIA_RECOVERY_CODE  recovery code for user passwd --recovery
//	CUSTODIA_TOTP_CODE      second-factor code, instead of --code or a prompt
//	CUSTODIA_LANG           language of the messages and help ("en", "de"); else
//	                        LC_ALL, LC_MESSAGES or LANG; "--lang de" before the
//	                        command wins over both
//
// Everything printed for people comes from the catalogue (package i18n,
// areas cli, cli2, cli3, cli4) in English or German: results, table
// headers, errors, usage errors and --help. Machine output (JSON, CSV,
// exit codes) never depends on the language. Words that domain packages
// put into their errors (a CSV problem, a FHIR path) stay as they are.
//
// No variable or flag weakens the key derivation or moves the clock: tests
// set those in-process (testHooks).
package main
