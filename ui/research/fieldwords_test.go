package research

import (
	"fmt"
	"strings"
	"testing"

	usecase "custodia/app"
	"custodia/deid"
	"custodia/vault"
)

// TestCohortProblemsInGerman: a cohort whose last day lies before its
// first, or whose day is no date, is refused in German with the field's
// label and the rule's words (app.FieldProblems, as custodiactl export
// says it), never the study's English message or its JSON path.
func TestCohortProblemsInGerman(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	w := f.openWizard()
	f.fillStudy(w)
	w.Next()
	if w.Step() != StepCohort {
		t.Fatalf("step %d: %s", w.Step(), w.Problem())
	}
	c := w.cohort
	c.from.SetText("31.05.2026")
	c.to.SetText("01.01.2026")
	w.Next()
	for _, want := range []string{f.loc.T("research.field.cohort.to"), f.loc.T("research3.rule.before-from", "Other", f.loc.T("research.field.cohort.from"))} {
		if w.Step() != StepCohort || !strings.Contains(w.Problem(), want) {
			t.Errorf("step %d, problem %q lacks %q", w.Step(), w.Problem(), want)
		}
	}
	c.to.SetText("45.13.2026")
	w.Next()
	if !strings.Contains(w.Problem(), "31.01.2026") {
		t.Errorf("a bad day is not explained with an example: %q", w.Problem())
	}
	for _, english := range []string{"before cohort.from", "must be a date", "cohort.to", "YYYY"} {
		if strings.Contains(w.Problem(), english) {
			t.Errorf("German problem shows %q: %q", english, w.Problem())
		}
	}
}

// TestDamagedPackageInGerman: a package whose data file does not match
// its manifest is refused in German, naming the file, as custodiactl
// export open says it (app.PackageText).
func TestDamagedPackageInGerman(t *testing.T) {
	f := newFixtureIn(t, vault.RoleResearcher, "de")
	f.view.OpenPackage()
	o := f.view.Opener
	o.Fill("/tmp/in/changed.age", t.TempDir(), "")
	o.Open()
	f.run.flush()
	want := f.loc.T("research3.package.changed", "File", "data.csv")
	if !strings.Contains(o.Status(), want) || strings.Contains(o.Status(), "manifest ") {
		t.Errorf("damaged package: %q, want %q", o.Status(), want)
	}
}

// TestRunProblemsInGerman: a preview no generalisation satisfies and a
// study whose key was destroyed are said in German (app.StudyRunText, as
// custodiactl export says them), never as "something went wrong" with
// the engine's English.
func TestRunProblemsInGerman(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	for _, err := range []error{fmt.Errorf("preview: %w", &deid.NoSolutionError{SuppressionLimit: 0.05}), usecase.ErrStudyKeyDestroyed} {
		got := f.view.errorText(err)
		if strings.Contains(got, f.loc.T("research.error.other", "Detail", "")) || strings.Contains(got, "suppression") || strings.Contains(got, "app:") {
			t.Errorf("%v: %q", err, got)
		}
	}
	if got := f.view.errorText(&deid.NoSolutionError{SuppressionLimit: 0.05}); !strings.Contains(got, "5,0 %") {
		t.Errorf("no solution without its limit: %q", got)
	}
}

// TestPurposeBasisInGerman: the chosen purpose's lawful basis reads as
// the German law cites it (loc.LawfulBasis), not "GDPR Art. 6(1)(a)".
func TestPurposeBasisInGerman(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	w := f.openWizard()
	f.fillStudy(w)
	if !f.shows("Abs. 1 lit.") || !f.shows("DSGVO") || f.shows("GDPR") {
		t.Errorf("basis in German: %q", w.study.basis.Text)
	}
}
