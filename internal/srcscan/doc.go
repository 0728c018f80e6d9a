// Package srcscan reads a package's Go sources for the tests that scan
// them: the architecture rules of internal/archtest, and the checks that
// every field error or import problem the vault, consent and the FHIR
// importer build carries a rule code (so the front ends word it in the
// reader's language). It parses files and answers the few syntax
// questions those scans ask; it is used by tests only.
package srcscan
