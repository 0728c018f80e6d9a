package research

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/deid"
	"custodia/deid/verify"
	"custodia/i18n"
	core "custodia/research"
	"custodia/vault"
)

var testNow = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

// Synthetic patients of the fake vault: their names must never reach the
// research screens.
var fakeNames = []string{"Jonas Beispiel", "Erika Musterfrau", "Max Mustermann"}

// fakeService is an in-memory Service. Its preview is a function of the
// study (so a test can see which parameters it ran with); every context a
// call received is kept so tests can check cancellation.
type fakeService struct {
	cat      *consent.Catalogue
	studies  []StudyRecord
	history  []ExportRecord
	saved    []core.Study
	runs     []string // out paths of RunExport calls that completed
	previews []core.Study
	ctxs     []context.Context
	opened   []string
	// block, if set, is waited on by PreviewStudy and RunExport until
	// closed or the context is cancelled.
	block chan struct{}
	// finish makes every call complete even when cancelled (work that was
	// already done when Cancel came).
	finish bool
	files  map[string]bool
	data   []*fakeData // every extract loaded
	// role decides Reidentify and DestroyStudyKey as the vault does.
	role vault.Role
	// reasons are the reasons of every Reidentify and DestroyStudyKey call.
	reasons []string
}

// fakePseudonym is the one pseudonym the fake knows, of fakeNames[0].
const fakePseudonym = "P-7Q2K9X"

// CanReidentify asks the vault's rule, as the app layer does.
func (f *fakeService) CanReidentify() bool { return vault.MayReidentify(f.role) }

func (f *fakeService) Reidentify(studyID, pseudonym, reason string) (vault.PatientSummary, error) {
	f.reasons = append(f.reasons, reason)
	if !f.CanReidentify() {
		return vault.PatientSummary{}, &vault.PermissionError{User: "someone", Role: f.role, Perm: vault.PermResearchReidentify}
	}
	i := slices.IndexFunc(f.studies, func(s StudyRecord) bool { return s.Study.ID == studyID })
	switch {
	case i < 0:
		return vault.PatientSummary{}, vault.ErrNotFound
	case f.studies[i].KeyDestroyed:
		return vault.PatientSummary{}, fmt.Errorf("%w: %w", usecase.ErrStudyKeyDestroyed, vault.ErrKeyDestroyed)
	case pseudonym != fakePseudonym:
		return vault.PatientSummary{}, core.ErrUnknownPseudonym
	}
	given, family, _ := strings.Cut(fakeNames[0], " ")
	return vault.PatientSummary{ID: "3f8e1c2a-0000-4000-8000-000000000001", GivenName: given, FamilyName: family, MRN: "MRN-000417",
		BirthDate: time.Date(1961, 7, 14, 0, 0, 0, 0, time.UTC)}, nil
}

func (f *fakeService) DestroyStudyKey(studyID, reason string) error {
	f.reasons = append(f.reasons, reason)
	if f.role != vault.RoleDPO && f.role != vault.RoleAdmin {
		return &vault.PermissionError{User: "someone", Role: f.role, Perm: vault.PermResearchExport}
	}
	i := slices.IndexFunc(f.studies, func(s StudyRecord) bool { return s.Study.ID == studyID })
	switch {
	case i < 0:
		return vault.ErrNotFound
	case f.studies[i].KeyDestroyed:
		return vault.ErrKeyDestroyed
	}
	f.studies[i].KeyDestroyed = true
	return nil
}

func newFakeService(t *testing.T) *fakeService {
	t.Helper()
	cat, err := consent.NewCatalogue([]consent.Purpose{{
		ID: "research:diabetes", Kind: consent.KindResearch, Name: "Diabetes care research",
		Art6: "a", Art9: "a", ConsentRequired: true,
		DataCategories: []string{consent.CatDemographics, consent.CatDiagnoses, consent.CatClinical, consent.CatLabResults},
		Recipients:     []consent.Recipient{{ID: "uni-hamburg", Name: "University of Hamburg", Category: "research institute", Country: "DE"}},
	}, {ID: "treatment", Kind: consent.KindTreatment, Name: "Treatment", Art6: "b", Art9: "h", DataCategories: []string{consent.CatClinical}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := sampleStudy()
	rep := fakeReport(st)
	return &fakeService{cat: cat, files: map[string]bool{},
		studies: []StudyRecord{{Study: st, SavedAt: testNow.Add(-48 * time.Hour), SavedBy: "Dana DPO", Exports: 1}},
		history: []ExportRecord{{ExportID: "diabetes-2026-v1-0001", StudyID: st.ID, StudyName: st.Name, Version: 1,
			At: testNow.Add(-24 * time.Hour), By: "Dana DPO", Included: rep.Cohort.Included, Excluded: rep.Cohort.Excluded,
			Rows: rep.Rows.Output, Suppressed: rep.Rows.Suppressed, SHA256: strings.Repeat("ab", 32), FileName: "diabetes-2026-2026-12-03.age", Report: rep}},
	}
}

func sampleStudy() core.Study {
	return core.Study{ID: "diabetes-2026", Version: 1, Name: "Diabetes 2026", Purpose: "research:diabetes",
		Recipient: core.Recipient{Org: "University of Hamburg", Contact: "study@uni.example", ID: "uni-hamburg", Passphrase: true},
		Level:     core.LevelPatient, ReferenceDate: "2026-12-01",
		Columns: []core.Column{{Name: core.SrcPatient, Role: core.RoleIdentifying, Treatment: core.IdentPseudonymise},
			{Name: core.SrcAge, Role: core.RoleQuasi}, {Name: core.SrcSex, Role: core.RoleQuasi}, {Name: core.SrcDiagnosis, Role: core.RoleSensitive}},
		Privacy: core.Privacy{K: 5, Suppression: 0.05}, Metric: "loss", Algorithm: core.AlgorithmOptimal}
}

// fakeReport derives a report from the study: k drives suppression and
// the levels, the cohort criteria drive the counts.
func fakeReport(st core.Study) *core.Report {
	k := st.Privacy.K
	included := 120
	if st.Cohort.ICDPrefix != "" {
		included = 40
	}
	var tr []deid.QITransform
	for _, c := range st.Columns {
		if c.Role == core.RoleQuasi {
			tr = append(tr, deid.QITransform{Column: c.Name, Level: min(k/5, 3), Height: 4})
		}
	}
	return &core.Report{ExportID: "preview", Created: testNow,
		Study:          core.ReportStudy{ID: st.ID, Version: st.Version, Name: st.Name, Purpose: st.Purpose, RecipientOrg: st.Recipient.Org, Contact: st.Recipient.Contact, Level: st.Level},
		Cohort:         core.ReportCohort{Candidates: 200, NotInCohort: 200 - included - 25, Included: included, ExcludedTotal: 25, Excluded: map[string]int{core.ExclNoConsent: 15, core.ExclWithdrawn: 6, core.ExclDeny: 3, core.ExclRestriction: 1}},
		Model:          core.ReportModel{Privacy: st.Privacy, Metric: st.Metric, Algorithm: st.Algorithm, SuppressionLimit: st.Privacy.Suppression},
		Transformation: tr, Rows: core.ReportRows{Input: included, Output: included - 2*k, Suppressed: 2 * k, PatientsOutput: included - 2*k, PatientsSuppressed: 2 * k},
		Classes: included / k, ClassSizes: []deid.Bin{{Size: k, Classes: 10}, {Size: k + 2, Classes: 4}},
		Risk: core.ReportRisk{Before: deid.Risk{ProsecutorMax: 1, ProsecutorAvg: 0.6, JournalistMax: 1, Marketer: 0.6},
			AfterPatients: deid.Risk{ProsecutorMax: 1 / float64(k), ProsecutorAvg: 0.5 / float64(k), JournalistMax: 1 / float64(k), Marketer: 0.1, SmallestClass: k}},
		Utility: core.ReportUtil{MetricValues: deid.MetricValues{Loss: 0.1 * float64(k) / 5}, Score: 0.1 * float64(k) / 5},
		Verification: &verify.Report{Checks: []verify.Check{{Name: fmt.Sprintf("%d-anonymity (patients)", k), Passed: true,
			Claim: verify.ClaimK, Value: float64(k), ByEntity: true, Classes: included / k, Worst: float64(k)}}},
	}
}

func (f *fakeService) Catalogue() (*consent.Catalogue, error) { return f.cat, nil }
func (f *fakeService) Studies() ([]StudyRecord, error)        { return slices.Clone(f.studies), nil }
func (f *fakeService) StudyVersions(id string) ([]StudyRecord, error) {
	var out []StudyRecord
	for _, s := range f.studies {
		if s.Study.ID == id {
			out = append(out, s)
		}
	}
	return out, nil
}
func (f *fakeService) SaveStudy(st core.Study) (StudyRecord, error) {
	if err := st.Validate(f.cat); err != nil {
		return StudyRecord{}, err
	}
	f.saved = append(f.saved, st)
	return StudyRecord{Study: st, SavedAt: testNow, SavedBy: "Dana DPO"}, nil
}

type fakeData struct{ closed bool }

func (d *fakeData) Patients() int { return 200 }
func (d *fakeData) Close()        { d.closed = true }

func (f *fakeService) LoadResearchData(ctx context.Context, progress func(done, total int)) (Data, error) {
	progress(200, 200)
	d := &fakeData{}
	f.data = append(f.data, d)
	return d, nil
}

func (f *fakeService) wait(ctx context.Context) error {
	f.ctxs = append(f.ctxs, ctx)
	if f.finish {
		return nil
	}
	if f.block == nil {
		return ctx.Err()
	}
	select {
	case <-f.block:
		return ctx.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (f *fakeService) PreviewStudy(ctx context.Context, d Data, st core.Study, progress deid.Progress) (*core.Report, error) {
	f.previews = append(f.previews, st)
	if err := f.wait(ctx); err != nil {
		return nil, err
	}
	progress.Report("search", 1, 1)
	return fakeReport(st), nil
}

func (f *fakeService) RunExport(ctx context.Context, studyID, outPath string, opts ExportOptions) (ExportRecord, error) {
	if err := f.wait(ctx); err != nil {
		return ExportRecord{}, err // like the app layer: no file, no disclosure, no history
	}
	i := slices.IndexFunc(f.saved, func(s core.Study) bool { return s.ID == studyID })
	if i < 0 {
		return ExportRecord{}, vault.ErrNotFound
	}
	if f.saved[i].Recipient.Passphrase && opts.Passphrase == "" {
		return ExportRecord{}, errors.New("no passphrase")
	}
	st := f.saved[i]
	rep := fakeReport(st)
	f.runs = append(f.runs, outPath)
	f.files[outPath] = true
	e := ExportRecord{ExportID: st.ID + "-v1-0002", StudyID: st.ID, StudyName: st.Name, Version: st.Version, At: testNow, By: "Dana DPO",
		Included: rep.Cohort.Included, Excluded: rep.Cohort.Excluded, Rows: rep.Rows.Output, Suppressed: rep.Rows.Suppressed,
		SHA256: strings.Repeat("cd", 32), FileName: outPath[strings.LastIndex(outPath, "/")+1:], Report: rep}
	f.history = append(f.history, e)
	return e, nil
}

func (f *fakeService) ExportHistory(studyID string) ([]ExportRecord, error) {
	var out []ExportRecord
	for _, e := range f.history {
		if studyID == "" || e.StudyID == studyID {
			out = append(out, e)
		}
	}
	return out, nil
}

func (f *fakeService) OpenPackage(ctx context.Context, pkgPath, dir, passphrase string) (*core.Opened, error) {
	f.opened = append(f.opened, pkgPath)
	if err := f.wait(ctx); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(pkgPath, ".age") {
		return nil, core.ErrPackage
	}
	if strings.HasSuffix(pkgPath, "changed.age") {
		return nil, &core.PackageError{Problem: core.PkgChanged, File: core.FileData}
	}
	rep := f.history[0].Report
	return &core.Opened{Dir: dir, Report: rep, Files: make([]core.ManifestFile, 7),
		Verified: &verify.Report{Checks: []verify.Check{{Name: "5-anonymity (patients)", Passed: true,
			Claim: verify.ClaimK, Value: 5, ByEntity: true, Classes: 20, Worst: 5}}}}, nil
}

// manualRunner queues background work until the test runs it.
type manualRunner struct{ queue []func() }

func (m *manualRunner) run(work, done func()) { m.queue = append(m.queue, func() { work(); done() }) }

// flush runs everything queued, including what the queued work queues.
func (m *manualRunner) flush() {
	for len(m.queue) > 0 {
		f := m.queue[0]
		m.queue = m.queue[1:]
		f()
	}
}

// flushNewestFirst runs the queue in reverse: a later computation ends
// before an earlier one.
func (m *manualRunner) flushNewestFirst() {
	for len(m.queue) > 0 {
		f := m.queue[len(m.queue)-1]
		m.queue = m.queue[:len(m.queue)-1]
		f()
	}
}

// fakeTimers holds the debounce timers until the test fires them.
type fakeTimers struct{ armed []*fakeTimer }

type fakeTimer struct {
	f       func()
	stopped bool
}

func (ft *fakeTimers) after(_ time.Duration, f func()) func() {
	t := &fakeTimer{f: f}
	ft.armed = append(ft.armed, t)
	return func() { t.stopped = true }
}

// fire runs the timers still armed and reports how many.
func (ft *fakeTimers) fire() int {
	n := 0
	armed := ft.armed
	ft.armed = nil
	for _, t := range armed {
		if !t.stopped {
			n++
			t.f()
		}
	}
	return n
}

type fixture struct {
	t      *testing.T
	svc    *fakeService
	view   *View
	win    fyne.Window
	run    *manualRunner
	timers *fakeTimers
	loc    *i18n.Localizer
}

func newFixture(t *testing.T, role vault.Role) *fixture {
	t.Helper()
	return newFixtureIn(t, role, "en")
}

// newFixtureIn is newFixture with the view in a language ("en", "de").
func newFixtureIn(t *testing.T, role vault.Role, lang string) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{t: t, svc: newFakeService(t), run: &manualRunner{}, timers: &fakeTimers{}, loc: i18n.MustLoad().Localizer(lang)}
	f.svc.role = role
	f.win = test.NewTempWindow(t, nil)
	f.view = New(Options{Service: f.svc, Loc: f.loc, Window: f.win, Role: role, Run: f.run.run, After: f.timers.after,
		Now: func() time.Time { return testNow }, Researchers: func() ([]Researcher, error) { return []Researcher{{ID: "u-7", Name: "Rita Researcher"}}, nil },
		Logf: func(string, ...any) {}})
	f.win.SetContent(f.view.Content())
	f.win.Resize(fyne.NewSize(1280, 800))
	f.view.Activate()
	f.run.flush()
	return f
}

// texts are every text drawn in the window.
func (f *fixture) texts() []string {
	var out []string
	for _, o := range test.LaidOutObjects(f.win.Content()) {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
			out = append(out, t.Text)
		}
	}
	return out
}

func (f *fixture) shows(s string) bool {
	return slices.ContainsFunc(f.texts(), func(t string) bool { return strings.Contains(t, s) })
}

// openWizard opens a new export and lets the extract load.
func (f *fixture) openWizard() *Wizard {
	f.view.OpenWizard(nil)
	f.run.flush()
	f.win.SetContent(f.view.Content())
	return f.view.Wizard
}

// fillStudy fills step 1 for the catalogue's purpose and recipient.
func (f *fixture) fillStudy(w *Wizard) {
	s := w.study
	s.name.SetText("Diabetes 2026")
	s.purpose.SetSelected("Diabetes care research")
	s.recipient.SetSelected("University of Hamburg")
	s.contact.SetText("study@uni.example")
	s.keyKind.SetSelected(s.keyKind.Options[1])
}
