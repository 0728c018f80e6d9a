// Package research is the desktop side of research exports (issue 7 §9):
// the Research tab with the study list and its versions, the export
// history with each export's report, "Open research package", and the
// five-step export wizard (study and recipient, cohort, columns and
// hierarchies, privacy model with a live preview, run). For the DPO it
// also re-identifies one pseudonym of a chosen export (with a reason; the
// patient is personal data: shown in labels that cannot be copied and
// cleared when the page or the tab is left) and destroys a study's
// pseudonym key after a confirmation that names the study and what
// becomes impossible. List rows wrap rather than cut their text.
//
// It is the first per-feature package of the desktop app (issue 10): it
// never imports the ui root package; the shell's main view (the ui
// package's mainView, see ui/researchtab.go) builds a View with New and
// adds its Content as a tab.
//
// # Boundaries
//
// The views call the research use cases of package app through Service,
// an interface of this package with the method set of
// docs/research-app-api.md, so tests run against fakes. Permission checks,
// audit entries and the researcher's filtering (only studies and packages
// addressed to them) live below, in the app and vault layers; the views
// only hide what a role cannot do.
//
// # Threads
//
// Loading the research extract, previews, runs and opening packages run off
// the UI goroutine through a Runner (the shell hands down kit.GoRunner;
// without one, goRunner: a goroutine, then fyne.Do) with a context the Cancel buttons cancel. The live preview
// is debounced: a parameter change (re)arms a timer (Options.After) and
// only the newest computation's result reaches the widgets; an older one
// is cancelled and its result dropped.
//
// # Words and charts
//
// Every word people read goes through a *i18n.Localizer (ids research.*);
// codes (gate reasons, roles, metrics, purposes, study ids) are shown by
// their labels. Charts are the PNGs of custodia/research (gonum/plot), the
// same ones the HTML report holds.
package research
