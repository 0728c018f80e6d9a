package research

import (
	"strings"
	"testing"

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
	for _, want := range []string{f.loc.T("research.field.cohort.to"), f.loc.T("research3.rule.before-from")} {
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
