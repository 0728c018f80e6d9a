// Package app holds Custodia's use cases, between the domain (vault,
// consent) and the two front ends (the desktop app in ui and the command
// line in cmd/custodiactl): creating, opening and unlocking a vault
// (seeding the shipped purpose catalogue once), patients as the subjects
// of consents and requests, consent grant and withdrawal, data-subject
// requests and their workflow, erasure planning and execution, access
// packages, and governance (retention, practice details, breaches).
//
// Both front ends are thin adapters: they read input, call one function
// here per use case and show the result. The vault checks permissions and
// writes the audit trail; this package decides the order of the steps.
// Errors are the domain's sentinels or this package's (errors.go), wrapped
// with %w and checked with errors.Is or errors.As; messages name ids,
// never personal data. The package never imports fyne.
package app
