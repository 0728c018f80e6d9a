package research

import (
	"strings"
	"testing"

	core "custodia/research"
	"custodia/vault"
)

// TestReportSaysPatientsReleasedOfIncluded: the report of an export in
// German says how many of the patients who passed the consent gate were
// released and how many rows were suppressed, in the wording the command
// line prints (research.ReleaseText), never released rows "of" released
// patients.
func TestReportSaysPatientsReleasedOfIncluded(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	f.view.SelectStudy(0)
	f.run.flush()
	f.view.SelectExport(0)
	rep := f.svc.history[0].Report
	want := core.ReleaseText(f.loc, rep)
	// The value wraps in the form: its lines joined are the sentence.
	if !strings.Contains(strings.Join(f.texts(), " "), want) || !f.shows(f.loc.T("release.label")) {
		t.Fatalf("report lacks %q: %q", want, f.texts())
	}
	if rep.Rows.Suppressed == 0 || rep.Cohort.Included == rep.Rows.PatientsOutput {
		t.Fatalf("the fake report suppresses nobody: %+v", rep.Rows)
	}
}
