// Package governance is the data-protection officer's records in the
// desktop app: the retention schedule (rules, the due list, approving
// deletions and their certificates), the breach log (Art. 33/34 entries,
// notices and letters as PDF) and the practice details with their
// holiday schedule. Roles without the governance permission see only the
// practice details, read-only.
//
// The shell builds it with New(env, session); it imports neither the
// shell (custodia/ui) nor another feature, only ui/kit.
package governance
