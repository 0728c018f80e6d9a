// Package patients is the desktop app's patient screens: the paged
// patient list with search, the patient form (identity, contact and, for
// clinical roles, diagnosis and notes), the clinical record of
// encounters and observations, and the CSV import with its problems
// listed by line.
//
// The shell builds it with New(env, session, hooks) and puts Content in
// its Patients tab. It imports ui/kit, i18n and the application layer,
// never the shell or another feature: what another feature shows from a
// patient (the consent panel) the shell hands in through Hooks.
//
// Every read of a patient goes through package app and is audited by the
// vault; the list pages through summaries, so it stays fast with 100,000
// patients, and a search runs once per pause in typing. Dates are typed
// and shown in the user's language (kit.DateInput), ISO is read too.
package patients
