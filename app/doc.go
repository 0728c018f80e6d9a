// Package app holds Custodia's use cases, between the domain (vault,
// consent) and the two front ends (the desktop app in ui and the command
// line in cmd/custodiactl): creating, opening and unlocking a vault (with
// a second factor; seeding the shipped purpose catalogue and the retention
// schedule of the practice's country once), patients as the subjects of
// consents and requests, consent grant and withdrawal, FHIR consent import
// (own and foreign Consents) and export, data-subject requests and their
// workflow (deadlines counted with the practice's public holidays,
// extensions with the notice to the requester), erasure planning and
// execution, access packages, and governance (retention rules, what is
// due, kept data purged with the DPO's approval, practice details that
// switch the schedule with the country, ROPA with the vault's controls,
// breaches).
//
// Both front ends are thin adapters: they read input, call one function
// here per use case and show the result. The vault checks permissions and
// writes the audit trail; this package decides the order of the steps.
// Errors are the domain's sentinels or this package's (errors.go), wrapped
// with %w and checked with errors.Is or errors.As; messages name ids,
// never personal data. The package never imports fyne.
package app
