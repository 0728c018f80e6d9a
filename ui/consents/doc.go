// Package consents is a patient's consents in the desktop app: the state
// of every purpose (derived from the ledger, never stored), the ledger as
// a timeline, the grant dialog with its consent text and signed scan,
// withdrawal in one step, and the receipt as a page, Kantara JSON and PDF.
//
// The shell builds it with Show(env, catalogue, usecases, patient, title)
// when a patient's consents are opened; it imports neither the shell
// (custodia/ui) nor another feature, only ui/kit. The vault checks every
// permission and writes the audit trail; the panel hides what a role
// cannot do.
package consents
