package research

import (
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	core "custodia/research"
)

// TestCorrectedFieldLeavesProblem: a cohort refused on Next (last day
// before the first) stops being called wrong as soon as the day is
// corrected, without pressing Next again; while two fields are wrong,
// correcting one leaves only the other listed.
func TestCorrectedFieldLeavesProblem(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	w := f.openWizard()
	f.fillStudy(w)
	w.Next()
	c := w.cohort
	c.from.SetText("31.05.2026")
	c.to.SetText("01.01.2026")
	c.ageMin.SetText("80")
	c.ageMax.SetText("20")
	w.Next()
	to, ageMax := f.loc.T("research.field.cohort.to"), f.loc.T("research.field.cohort.ageMax")
	if !strings.Contains(w.Problem(), to) || !strings.Contains(w.Problem(), ageMax) {
		t.Fatalf("problem %q lacks %q or %q", w.Problem(), to, ageMax)
	}
	c.to.SetText("31.12.2026")
	if strings.Contains(w.Problem(), to) || !strings.Contains(w.Problem(), ageMax) {
		t.Errorf("after correcting the last day: %q", w.Problem())
	}
	c.ageMax.SetText("99")
	if w.Problem() != "" {
		t.Errorf("all corrected, still shown: %q", w.Problem())
	}
}

// TestStudyProblemsNameTheWidgets: an empty step 1 names the fields as
// the form labels them: the study's name, the recipient to choose (the
// organisation field is filled by that choice and cannot be typed in),
// and the public key when that is the way to encrypt; filling them clears
// the list field by field.
func TestStudyProblemsNameTheWidgets(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	w := f.openWizard()
	s := w.study
	s.keyKind.SetSelected(s.keyKind.Options[0])
	w.Next()
	p := w.Problem()
	for _, want := range []string{f.loc.T("research.study.name"), f.loc.T("research.study.recipient") + ":", f.loc.T("research.study.ageKey")} {
		if !strings.Contains(p, want) {
			t.Errorf("problem %q lacks %q", p, want)
		}
	}
	for _, not := range []string{f.loc.T("research.field.recipient.org") + ":", f.loc.T("research.study.keyAge")} {
		if strings.Contains(p, not) {
			t.Errorf("problem %q names %q", p, not)
		}
	}
	if s.org.Disabled() == false {
		t.Errorf("organisation is editable before a recipient is chosen")
	}
	s.name.SetText("Diabetes 2026")
	if strings.Contains(w.Problem(), f.loc.T("research.study.name")) {
		t.Errorf("the name is given, still asked for: %q", w.Problem())
	}
}

// TestCohortFiguresAddUp: the report's cohort block reads as a funnel
// whose first figure is the whole vault (meeting the criteria plus
// outside them), not the patients meeting the criteria called "in the
// vault".
func TestCohortFiguresAddUp(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	c := core.ReportCohort{Candidates: 483, NotInCohort: 1517, ExcludedTotal: 214, Included: 269}
	box := f.view.cohortFigures(c)
	got := map[string]string{}
	objs := box.(*fyne.Container).Objects
	for i := 0; i+1 < len(objs); i += 2 {
		got[objs[i].(*widget.Label).Text] = objs[i+1].(*widget.Label).Text
	}
	for label, n := range map[string]int{
		f.loc.T("sweepres.cohort.inVault"):     c.Candidates + c.NotInCohort,
		f.loc.T("research.cohort.notInCohort"): c.NotInCohort,
		f.loc.T("research.cohort.candidates"):  c.Candidates,
		f.loc.T("research.cohort.included"):    c.Included,
	} {
		if want := f.view.patients(n); got[label] != want {
			t.Errorf("%q shows %q, want %q (all: %v)", label, got[label], want, got)
		}
	}
}

// TestHintsAreNotGreyedOut: the explaining paragraphs of the wizard and
// the package opener are drawn in the text colour, not the disabled one.
func TestHintsAreNotGreyedOut(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	w := f.openWizard()
	intro := f.loc.T("research.study.intro")
	found := false
	for _, o := range test.LaidOutObjects(w.study.content) {
		if l, ok := o.(*widget.Label); ok && l.Text == intro {
			found = true
			if l.Importance == widget.LowImportance {
				t.Errorf("the intro %q is drawn greyed out", intro)
			}
		}
	}
	if !found {
		t.Fatalf("intro %q not shown", intro)
	}
}

// TestPurposeNamedWithoutCatalogue: a researcher, who may not read the
// catalogue, sees the purpose a study serves by its shipped label or the
// name its report stored, not the bare "research purpose".
func TestPurposeNamedWithoutCatalogue(t *testing.T) {
	f := newFixtureIn(t, vault.RoleResearcher, "de")
	f.view.cat = nil
	if got, want := f.view.purposeName("research:registry"), f.loc.T("labels.purpose.research:registry"); got != want {
		t.Errorf("shipped purpose: %q, want %q", got, want)
	}
	if got := f.view.purposeNamed("research:diabetes", "Diabetes care research"); got != "Diabetes care research" {
		t.Errorf("stored name: %q", got)
	}
	if got, want := f.view.purposeName("research:own"), f.loc.T("research.purposeUnknown"); got != want {
		t.Errorf("unknown purpose: %q, want %q", got, want)
	}
}

// TestRefreshKeepsTheChosenStudy: reloading the lists (Refresh, or after
// a key was destroyed) keeps the chosen study and its export history.
func TestRefreshKeepsTheChosenStudy(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	v := f.view
	v.studyList.Select(0)
	f.run.flush()
	name := v.studies[0].Study.Name
	v.Refresh()
	f.run.flush()
	if v.selected != 0 {
		t.Fatalf("chosen study lost: selected %d", v.selected)
	}
	if want := f.loc.T("research.home.historyOf", "Study", name); v.historyHead.Text != want {
		t.Errorf("history head %q, want %q", v.historyHead.Text, want)
	}
}

// TestFieldsStayPutWhileAProblemIsCorrected: the step's fields do not
// move when the problem list comes, nor while it shrinks as fields are
// filled in (it sat above the step and moved the field being typed in).
func TestFieldsStayPutWhileAProblemIsCorrected(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "en")
	w := f.openWizard()
	d := fyne.CurrentApp().Driver()
	size := f.win.Canvas().Size()
	relayout := func() { // lay the window out anew, as a redraw does
		f.win.Resize(size.AddWidthHeight(1, 1))
		f.win.Resize(size)
	}
	relayout()
	before := d.AbsolutePositionForObject(w.study.name)
	w.Next()
	if w.Problem() == "" {
		t.Fatal("an empty study was let through")
	}
	relayout()
	if got := d.AbsolutePositionForObject(w.study.name); got != before {
		t.Errorf("the name field moved from %v to %v when the problem came", before, got)
	}
	w.study.name.SetText("Asthma 2027")
	relayout()
	if got := d.AbsolutePositionForObject(w.study.name); got != before {
		t.Errorf("the name field moved from %v to %v while the problem shrank", before, got)
	}
}

// TestShortReasonsAreWholeWords: the exclusion chart's short reason
// labels cut no word of their long wording ("Keine Einw." for "Keine
// Einwilligung erfasst", "Kategorie aus" for "… ausgenommen"): the chart
// slants long labels, so it needs no abbreviations.
func TestShortReasonsAreWholeWords(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		for _, code := range []string{"deny-exception", "erased", "expired", "no-consent", "not-covered", "objection", "other",
			"re-consent-needed", "refused", "restriction", "withdrawn"} {
			short, long := loc.T("research.reasonShort."+code), loc.T("research.reason."+code)
			for _, w := range strings.Fields(short) {
				if strings.HasSuffix(w, ".") {
					t.Errorf("%s %s: %q abbreviates %q", lang, code, short, w)
				}
				for _, lw := range strings.Fields(long) {
					if len(lw) >= len(w)+4 && len(w) >= 3 && strings.HasPrefix(lw, strings.TrimSuffix(w, ".")) { // a cut, not an inflection
						t.Errorf("%s %s: %q cuts %q of %q", lang, code, short, lw, long)
					}
				}
			}
		}
	}
}

// TestRunSummaryNamesTheCohort: the last step's summary, what the DPO
// reads before saving the package, lists the cohort's criteria as step 2
// labels them; with none it says all patients.
func TestRunSummaryNamesTheCohort(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	w := f.openWizard()
	f.fillStudy(w)
	w.Next()
	w.cohort.icd.SetText("E11")
	w.cohort.from.SetText("31.05.2026")
	w.cohort.ageMin.SetText("18")
	for w.Step() < StepRun {
		w.Next()
		if w.Problem() != "" {
			t.Fatalf("step %d: %s", w.Step(), w.Problem())
		}
	}
	var texts []string
	for _, o := range test.LaidOutObjects(w.run.summary) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		f.loc.T("sweepres.run.cohort"),
		f.loc.T("research.cohort.icd") + ": E11",
		f.loc.T("research.cohort.from") + ": 31.05.2026",
		f.loc.T("research.cohort.ageMin") + ": 18",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("summary lacks %q:\n%s", want, all)
		}
	}
	if got := cohortText(f.view, core.Cohort{}); got != f.loc.T("sweepres.run.cohortAll") {
		t.Errorf("no criteria: %q", got)
	}
}
