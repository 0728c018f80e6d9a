package research

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"custodia/i18n"
	core "custodia/research"
	"custodia/ui/kit"
	"custodia/vault"
)

func TestStudyStepNeedsNamePurposeAndRecipient(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.openWizard()
	w.Next()
	if w.Step() != StepStudy {
		t.Fatal("left step 1 with an empty study")
	}
	for _, want := range []string{"Study name", "Purpose", "Recipient", "Contact"} { // the organisation comes with the recipient chosen
		if !strings.Contains(w.Problem(), want) {
			t.Errorf("problem %q does not name %s", w.Problem(), want)
		}
	}
	f.fillStudy(w)
	if !f.shows("only patients who consented are exported") {
		t.Error("the purpose's lawful basis is not shown")
	}
	w.Next()
	if w.Step() != StepCohort {
		t.Fatalf("step %d, problem %q", w.Step(), w.Problem())
	}
	d := w.draft
	if d.ID != "diabetes-2026-2" || d.Purpose != "research:diabetes" || d.Recipient.ID != "uni-hamburg" ||
		d.Recipient.Org != "University of Hamburg" || !d.Recipient.Passphrase || d.ReferenceDate != "2026-12-04" {
		t.Errorf("draft: %+v", d)
	}
}

func TestStudyStepRecipientIsAResearcherOrAnAgeKey(t *testing.T) {
	f := newFixture(t, vault.RoleAdmin)
	w := f.openWizard()
	s := w.study
	s.name.SetText("Hypertension")
	s.purpose.SetSelected("Diabetes care research")
	if !slices.Contains(s.recipient.Options, "Rita Researcher (researcher of this practice)") {
		t.Fatalf("recipients %v lack the vault's researcher", s.recipient.Options)
	}
	s.recipient.SetSelected(s.w.v.loc.T("research.study.recipientOther"))
	s.org.SetText("Institute of General Practice")
	s.contact.SetText("study@uni.example")
	s.keyKind.SetSelected(s.keyKind.Options[0])
	s.ageKey.SetText("age1notakey")
	w.Next()
	if w.Step() != StepStudy || !strings.Contains(w.Problem(), "Age public key") {
		t.Fatalf("a malformed age key passed: step %d %q", w.Step(), w.Problem())
	}
	key := "age1" + strings.Repeat("q", 58)
	s.ageKey.SetText(key)
	w.Next()
	if r := w.draft.Recipient; w.Step() != StepCohort || r.AgeRecipient != key || r.Org != "Institute of General Practice" || r.User != "" {
		t.Fatalf("step %d %q recipient %+v", w.Step(), w.Problem(), r)
	}
	// A researcher of the practice: their own vault key, no key to give.
	w.Back()
	s.recipient.SetSelected("Rita Researcher (researcher of this practice)")
	if !s.keyKind.Disabled() || !s.ageKey.Disabled() {
		t.Error("a key is asked for a researcher account")
	}
	w.Next()
	if r := w.draft.Recipient; w.Step() != StepCohort || r.User != "u-7" || r.Contact != "Rita Researcher" || r.Org != "This practice" || r.AgeRecipient != "" || r.Passphrase {
		t.Fatalf("step %d %q recipient %+v", w.Step(), w.Problem(), r)
	}
}

// toCohort walks step 1 and runs the first preview.
func (f *fixture) toCohort() *Wizard {
	w := f.openWizard()
	f.fillStudy(w)
	w.Next()
	if w.Step() != StepCohort {
		f.t.Fatalf("step %d: %s", w.Step(), w.Problem())
	}
	f.timers.fire()
	f.run.flush()
	return w
}

func TestCohortStepShowsCountsAndExclusionsByReasonLabel(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toCohort()
	if w.Report() == nil {
		t.Fatalf("no preview: %s", w.Status())
	}
	for _, want := range []string{"Consent withdrawn", "No consent recorded", "Category excluded by the patient", "120 patients", "25 patients"} {
		if !f.shows(want) {
			t.Errorf("cohort step does not show %q", want)
		}
	}
	for _, code := range []string{"no-consent", "withdrawn", "deny-exception", "research:diabetes"} {
		if slices.Contains(f.texts(), code) {
			t.Errorf("cohort step shows the code %q", code)
		}
	}
	if n := countImages(f); n < 1 {
		t.Error("no exclusion chart")
	}
	// A criterion change recomputes after the debounce, with the criterion.
	w.cohort.icd.SetText("e11")
	if f.timers.fire() != 1 {
		t.Fatal("no recompute armed")
	}
	f.run.flush()
	if got := f.svc.previews[len(f.svc.previews)-1].Cohort.ICDPrefix; got != "E11" || w.Report().Cohort.Included != 40 || !f.shows("40 patients") {
		t.Errorf("preview ran with prefix %q, included %d", got, w.Report().Cohort.Included)
	}
}

func countImages(f *fixture) int {
	n := 0
	for _, o := range test.LaidOutObjects(f.win.Content()) {
		if img, ok := o.(*canvas.Image); ok && img.Resource != nil && strings.HasSuffix(img.Resource.Name(), ".png") && img.Visible() {
			n++
		}
	}
	return n
}

func TestColumnsStepRolesAndHierarchyLevels(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toCohort()
	w.Next()
	if w.Step() != StepColumns {
		t.Fatal(w.Problem())
	}
	h := w.columns.explorer
	h.show(core.SrcPostcode)
	h.value.SetText("80331")
	for _, want := range []string{"80331", "803**", "80***", "8****", "first 2 digits"} {
		if !f.shows(want) {
			t.Errorf("postcode levels lack %q", want)
		}
	}
	// Tick the diagnosis as sensitive: it joins the draft and the explorer.
	row := w.columns.rows.Objects[slices.Index(baseColumns(core.LevelPatient), core.SrcDiagnosis)]
	check := findCheck(row)
	test.Tap(check)
	if i := w.columns.index(core.SrcDiagnosis); i < 0 || w.draft.Columns[i].Role != core.RoleQuasi {
		t.Fatalf("diagnosis not added as quasi: %+v", w.draft.Columns)
	}
	h.show(core.SrcDiagnosis)
	h.value.SetText("E11.9")
	for _, want := range []string{"E11.9", "E10-E14", "IV E00-E90", "chapter"} {
		if !f.shows(want) {
			t.Errorf("ICD levels lack %q", want)
		}
	}
	// An observation by label.
	w.columns.obsPick.SetText("HbA1c (LOINC 4548-4)")
	w.columns.addObservation()
	if w.columns.index("obs:4548-4") < 0 {
		t.Error("HbA1c not added")
	}
	w.Next()
	if w.Step() != StepPrivacy {
		t.Fatal(w.Problem())
	}
}

func TestLevelsFollowTheBuiltInHierarchies(t *testing.T) {
	// Oracle: the age levels are the 5/10/20-year bands by arithmetic.
	for _, a := range []int{0, 4, 5, 47, 89, 120} {
		got, err := Levels(core.Column{Name: core.SrcAge}, itoa(a))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{itoa(a), band(a, 5), band(a, 10), band(a, 20), "*"}
		if !slices.Equal(got, want) {
			t.Errorf("age %d: %v, want %v", a, got, want)
		}
	}
	got, err := Levels(core.Column{Name: core.SrcDate}, "2025-03-14")
	if err != nil || !slices.Equal(got, []string{"2025-03-14", "2025-03", "2025-Q1", "2025", "*"}) {
		t.Errorf("date: %v %v", got, err)
	}
	own := core.Column{Name: core.SrcSex, Hierarchy: [][]string{{"female", "person", "*"}, {"male", "person", "*"}}}
	if got, _ := Levels(own, "male"); !slices.Equal(got, []string{"male", "person", "*"}) {
		t.Errorf("ARX override: %v", got)
	}
	if _, err := Levels(own, "unknown"); err == nil {
		t.Error("a value outside the hierarchy has levels")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func band(v, w int) string { return itoa(v/w*w) + "-" + itoa(v/w*w+w-1) }

func findCheck(o fyne.CanvasObject) *kit.EscCheck {
	for _, x := range test.LaidOutObjects(o) {
		if c, ok := x.(*kit.EscCheck); ok {
			return c
		}
	}
	return nil
}

// toPrivacy walks to step 4 with a current preview.
func (f *fixture) toPrivacy() *Wizard {
	w := f.toCohort()
	w.Next()
	w.Next()
	if w.Step() != StepPrivacy {
		f.t.Fatalf("step %d: %s", w.Step(), w.Problem())
	}
	f.timers.fire()
	f.run.flush()
	return w
}

func TestPrivacyChangeRecomputesOnceAfterTheDebounce(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toPrivacy()
	before := w.Previews
	if !f.shows("Information loss") || !f.shows("level 1 of 4") {
		t.Errorf("preview lacks utility or levels: %v", f.texts())
	}
	// Three quick changes: one timer armed, one computation, with the last value.
	w.privacy.SetK(7)
	w.privacy.SetK(9)
	w.privacy.SetK(10)
	if !w.PreviewPending() || w.Previews != before {
		t.Fatalf("pending %v previews %d (was %d)", w.PreviewPending(), w.Previews, before)
	}
	if n := f.timers.fire(); n != 1 {
		t.Fatalf("%d timers fired, want 1", n)
	}
	if !w.Computing() {
		t.Fatal("the recompute did not start off the UI goroutine")
	}
	f.run.flush()
	if w.Previews != before+1 || w.Report().Model.Privacy.K != 10 {
		t.Fatalf("previews %d, k %d", w.Previews, w.Report().Model.Privacy.K)
	}
	if !f.shows("level 2 of 4") || !f.shows("20 rows") {
		t.Errorf("preview not redrawn for k = 10: %v", f.texts())
	}
	// l needs a sensitive column: no preview, the status says why.
	w.privacy.l.SetSelected("2")
	f.timers.fire()
	f.run.flush()
	if !strings.Contains(w.Status(), "not complete") || w.Previews != before+1 {
		t.Errorf("an invalid model was previewed: %q", w.Status())
	}
	w.draft.Columns = append(w.draft.Columns, core.Column{Name: core.SrcDiagnosis, Role: core.RoleSensitive})
	// Other parameters reach the study too.
	w.privacy.metric.SetSelected("Average class size")
	w.privacy.algorithm.SetSelected("Mondrian (local, keeps more detail)")
	f.timers.fire()
	f.run.flush()
	p := f.svc.previews[len(f.svc.previews)-1]
	if p.Privacy.L != 2 || p.Privacy.LVariant != core.LDistinct || p.Metric != "aecs" || p.Algorithm != core.AlgorithmMondrian {
		t.Errorf("preview ran with %+v %s %s", p.Privacy, p.Metric, p.Algorithm)
	}
}

func TestCancelStopsThePreviewWithoutSideEffects(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toPrivacy()
	shown := w.Report()
	w.privacy.SetK(20)
	f.timers.fire()
	if !w.Computing() {
		t.Fatal("not computing")
	}
	w.CancelPreview()
	if w.Computing() {
		t.Fatal("still computing after Cancel")
	}
	f.run.flush() // the cancelled computation ends now
	ctx := f.svc.ctxs[len(f.svc.ctxs)-1]
	if ctx.Err() == nil {
		t.Error("the preview's context was not cancelled")
	}
	if w.Report() != shown || !strings.Contains(w.Status(), "cancelled") {
		t.Errorf("a cancelled preview changed the view: status %q", w.Status())
	}
	if len(f.svc.saved) != 0 || len(f.svc.runs) != 0 {
		t.Error("cancel stored or exported something")
	}
	// A cancelled debounce never starts.
	w.privacy.SetK(30)
	w.CancelPreview()
	if f.timers.fire() != 0 {
		t.Error("a pending recompute survived Cancel")
	}
}

func TestAnOlderPreviewNeverOverwritesANewerOne(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toPrivacy()
	f.svc.finish = true // the engine had finished when the newer request came
	w.privacy.SetK(20)
	f.timers.fire() // first computation queued
	w.privacy.SetK(6)
	f.timers.fire() // the second one cancels the first
	f.run.flushNewestFirst()
	if w.Report().Model.Privacy.K != 6 || w.Computing() {
		t.Fatalf("shown k = %d (computing %v), want 6", w.Report().Model.Privacy.K, w.Computing())
	}
	if f.svc.ctxs[len(f.svc.ctxs)-2].Err() == nil {
		t.Error("the superseded preview was not cancelled")
	}
	// A cancelled preview whose engine finished anyway is not shown either.
	w.privacy.SetK(30)
	f.timers.fire()
	w.CancelPreview()
	f.run.flush()
	if w.Report().Model.Privacy.K != 6 {
		t.Errorf("a cancelled preview was shown: k = %d", w.Report().Model.Privacy.K)
	}
}

// toRun walks to step 5.
func (f *fixture) toRun() *Wizard {
	w := f.toPrivacy()
	w.Next()
	if w.Step() != StepRun {
		f.t.Fatalf("step %d: %s", w.Step(), w.Problem())
	}
	return w
}

func TestRunSavesTheStudyAndPackageAndShowsTheReport(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toRun()
	if got := w.run.DefaultFileName(); got != "diabetes-2026-2026-12-04.age" {
		t.Errorf("default file name %q", got)
	}
	path := filepath.Join(t.TempDir(), w.run.DefaultFileName())
	w.run.pass.SetText("correct horse battery")
	w.run.pass2.SetText("correct horse batterz")
	w.run.SaveTo(path)
	f.run.flush()
	if len(f.svc.saved) != 0 || !strings.Contains(w.run.Status(), "differ") {
		t.Fatalf("mismatched passphrases ran: %q", w.run.Status())
	}
	w.run.pass2.SetText("correct horse battery")
	w.run.SaveTo(path)
	f.run.flush()
	if len(f.svc.saved) != 1 || len(f.svc.runs) != 1 || f.svc.runs[0] != path {
		t.Fatalf("saved %d runs %v: %s", len(f.svc.saved), f.svc.runs, w.run.Status())
	}
	if w.run.Done == nil || !f.shows("Re-identification risk") && countImages(f) < 3 {
		t.Errorf("no report shown: %q", w.run.Status())
	}
	if countImages(f) < 3 {
		t.Errorf("%d charts in the report, want exclusions, class sizes, risk", countImages(f))
	}
	if w.run.pass.Text != "" {
		t.Error("the passphrase stays in the form after the run")
	}
	if !strings.Contains(w.run.Status(), path) { // where to find it, not only its name
		t.Errorf("the saved message does not say where: %q", w.run.Status())
	}
}

func TestRunCancelLeavesNoExport(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toRun()
	w.run.pass.SetText("correct horse battery")
	w.run.pass2.SetText("correct horse battery")
	f.svc.block = make(chan struct{})
	w.run.SaveTo(filepath.Join(t.TempDir(), "x.age"))
	if !w.run.busy() {
		t.Fatal("not running")
	}
	w.run.cancel()
	close(f.svc.block)
	f.run.flush()
	if w.run.Done != nil || len(f.svc.runs) != 0 || len(f.svc.history) != 1 || !strings.Contains(w.run.Status(), "cancelled") {
		t.Errorf("after cancel: done %v runs %v history %d status %q", w.run.Done, f.svc.runs, len(f.svc.history), w.run.Status())
	}
}

func TestCloseDropsTheExtractAndReturnsHome(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toCohort()
	data := w.data.(*fakeData)
	w.Close()
	if !data.closed || f.view.Wizard != nil {
		t.Error("the extract stays in memory after Close")
	}
}

func TestHomeListsStudiesVersionsAndHistoryReports(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	if len(f.view.Studies()) != 1 || !f.shows("Diabetes 2026 · version 1") || !f.shows("Diabetes care research") {
		t.Fatalf("studies not listed: %v", f.texts())
	}
	f.view.SelectStudy(0)
	f.run.flush()
	if len(f.view.Versions()) != 1 || !f.shows("Export history of Diabetes 2026") {
		t.Fatalf("versions %d", len(f.view.Versions()))
	}
	f.view.SelectExport(0)
	if !f.shows("diabetes-2026-v1-0001") || countImages(f) < 3 || !f.shows("Consent withdrawn") {
		t.Errorf("report not shown: %d charts", countImages(f))
	}
}

func TestResearcherSeesPackagesNeverANameOrTheWizard(t *testing.T) {
	f := newFixture(t, vault.RoleResearcher)
	if f.view.newBtn.Visible() || f.view.versionBtn.Visible() {
		t.Error("a researcher is offered the export wizard")
	}
	if !f.shows("Studies addressed to you") {
		t.Error("the researcher's list is not labelled as theirs")
	}
	// The researcher may not read the purpose catalogue: a generic word, never the code.
	f.svc.cat = nil
	f.view.Refresh()
	f.run.flush()
	if f.shows("research:diabetes") || !f.shows("Research purpose") {
		t.Errorf("purpose shown as %v", f.texts())
	}
	f.view.OpenPackage()
	o := f.view.Opener
	o.Fill("/tmp/in/diabetes.age", t.TempDir(), "")
	o.Open()
	f.run.flush()
	if o.Opened == nil || !f.shows("Package verified") || !f.shows("Passed: every group holds at least 5 patients") {
		t.Fatalf("open: %q", o.Status())
	}
	for _, name := range fakeNames {
		for _, part := range strings.Fields(name) {
			if f.shows(part) {
				t.Errorf("the researcher's view shows %q", part)
			}
		}
	}
	o.Fill("/tmp/in/report.pdf", t.TempDir(), "")
	o.Open()
	f.run.flush()
	if !strings.Contains(o.Status(), "damaged or not addressed to you") {
		t.Errorf("foreign file: %q", o.Status())
	}
}

// Every code shown has words in both languages.
func TestEveryCodeHasALabel(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Languages() {
		l := labels{cat.Localizer(lang)}
		var shown []string
		for _, r := range reasonOrder {
			shown = append(shown, l.reason(r), l.reasonShort(r))
		}
		for _, r := range []string{core.RoleIdentifying, core.RoleQuasi, core.RoleSensitive, core.RoleInsensitive} {
			shown = append(shown, l.role(r))
		}
		for _, m := range metrics() {
			shown = append(shown, l.metric(m))
		}
		for _, c := range append(baseColumns(core.LevelEncounter), "obs:4548-4", "obs:1234-5") {
			shown = append(shown, core.ColumnText(l.loc, c))
		}
		for _, k := range knownLOINC {
			shown = append(shown, core.ColumnText(l.loc, "obs:"+k))
		}
		shown = append(shown, l.algorithm(core.AlgorithmOptimal), l.algorithm(core.AlgorithmMondrian),
			l.lVariant(""), l.lVariant(core.LEntropy), l.lVariant(core.LRecursive),
			l.level(core.LevelPatient), l.level(core.LevelEncounter), l.treatment(core.IdentDrop), l.treatment(core.IdentPseudonymise))
		for _, s := range shown {
			if strings.Contains(s, "⟦") {
				t.Errorf("%s: missing label %s", lang, s)
			}
		}
	}
}

func TestEncounterLevelPseudonymisesAndOffersVisitColumns(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toCohort()
	i := w.columns.index(core.SrcPatient)
	w.draft.Columns[i].Treatment = core.IdentDrop
	w.cohort.level.SetSelected("One row per visit")
	if w.draft.Level != core.LevelEncounter || w.draft.Columns[w.columns.index(core.SrcPatient)].Treatment != core.IdentPseudonymise {
		t.Fatalf("level %s, columns %+v", w.draft.Level, w.draft.Columns)
	}
	w.Next()
	if !f.shows("Visit date") || !f.shows("Kind of visit") {
		t.Error("no visit columns offered at encounter level")
	}
	row := w.columns.rows.Objects[slices.Index(baseColumns(core.LevelEncounter), core.SrcDate)]
	test.Tap(findCheck(row))
	if w.columns.index(core.SrcDate) < 0 {
		t.Fatal("visit date not added")
	}
	w.Back()
	w.cohort.level.SetSelected("One row per patient")
	if w.columns.index(core.SrcDate) >= 0 {
		t.Error("a patient-level study keeps the visit date")
	}
}

func TestAnARXHierarchyReplacesTheBuiltInOne(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toCohort()
	w.Next()
	h := w.columns.explorer
	h.show(core.SrcSex)
	h.SetHierarchy(core.SrcSex, [][]string{{"female", "person", "*"}, {"male", "person", "*"}, {"other", "person", "*"}})
	h.value.SetText("male")
	if !f.shows("person") || !f.shows("Hierarchy from an ARX file (3 values).") {
		t.Errorf("override not shown: %v", f.texts())
	}
	if col := w.draft.Columns[w.columns.index(core.SrcSex)]; len(col.Hierarchy) != 3 {
		t.Errorf("override not in the study: %+v", col)
	}
	h.builtin()
	if col := w.draft.Columns[w.columns.index(core.SrcSex)]; col.Hierarchy != nil || f.shows("person") {
		t.Error("Use built-in kept the file's hierarchy")
	}
}

func TestNewVersionStartsFromTheStoredStudy(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	f.view.SelectStudy(0)
	f.run.flush()
	test.Tap(f.view.versionBtn)
	f.run.flush()
	w := f.view.Wizard
	if w == nil || w.study.name.Text != "Diabetes 2026" || w.study.purpose.Selected != "Diabetes care research" ||
		w.study.recipient.Selected != "University of Hamburg" || w.study.keyKind.Selected != w.study.keyKind.Options[1] {
		t.Fatalf("wizard not prefilled: %+v", w)
	}
	w.Next()
	if w.Step() != StepCohort || w.draft.ID != "diabetes-2026" {
		t.Fatalf("step %d %q id %q: a new version keeps the study's id", w.Step(), w.Problem(), w.draft.ID)
	}
	if i := w.columns.index(core.SrcDiagnosis); i < 0 || w.draft.Columns[i].Role != core.RoleSensitive {
		t.Errorf("columns not carried over: %+v", w.draft.Columns)
	}
}

func TestCloseWhileLoadingDropsTheExtract(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	f.view.OpenWizard(nil) // the load is queued, not run
	f.view.Wizard.Close()
	f.run.flush() // the load finishes after Close
	if len(f.svc.data) != 1 || !f.svc.data[0].closed {
		t.Error("an extract read after Close stays in memory")
	}
}

func TestViewCloseDropsTheExtract(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.toCohort()
	f.view.Close()
	if w.data != nil || !f.svc.data[0].closed || f.view.Wizard != nil {
		t.Error("locking leaves the research extract in memory")
	}
}
