package research

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	usecase "custodia/app"
	"custodia/i18n"
	"custodia/vault"
)

// syncRun runs background work at once (the ui package's SyncRunner).
func syncRun(work, done func()) { work(); done() }

// demoView is the Research tab on a session of a synthetic demo vault.
func demoView(t *testing.T, s *vault.Session, now time.Time, timers *fakeTimers) (*View, fyne.Window) {
	t.Helper()
	uc := usecase.New(usecase.FromVault(s), usecase.Options{Now: func() time.Time { return now }})
	win := test.NewTempWindow(t, nil)
	opts := Options{Service: FromApp(uc), Loc: i18n.MustLoad().Localizer("en"), Window: win, Role: s.User().Role,
		Run: syncRun, After: timers.after, Now: func() time.Time { return now }, Logf: t.Logf}
	if s.User().Role != vault.RoleResearcher {
		opts.Researchers = ResearchersFromApp(uc)
	}
	v := New(opts)
	win.SetContent(v.Content())
	win.Resize(fyne.NewSize(1280, 800))
	v.Activate()
	return v, win
}

func drawnTexts(win fyne.Window) string {
	f := fixture{win: win}
	return strings.Join(f.texts(), "\n")
}

// The "done means": the DPO walks the wizard on the demo vault to
// a package addressed to the researcher account; the researcher sees the
// study, opens the package, sees the verified report, and no screen of
// theirs shows a patient's name or record number.
func TestDemoVaultWizardToPackageTheResearcherOpens(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo vault")
	}
	test.NewTempApp(t)
	now := time.Date(2026, 3, 15, 10, 30, 0, 0, time.UTC)
	weak := vault.WeakKDFParams()
	vopts := vault.Options{KDF: &weak, Now: func() time.Time { return now }}
	path := filepath.Join(t.TempDir(), "demo.vault")
	if _, err := usecase.CreateDemoVault(path, 300, vopts); err != nil { // as the start screen does: demo data, then the shipped catalogue
		t.Fatal(err)
	}
	vlt, err := vault.Open(path, vopts)
	if err != nil {
		t.Fatal(err)
	}
	defer vlt.Close()
	dpo, err := vlt.Unlock("dpo", []byte("dpo-passphrase-not-secret"))
	if err != nil {
		t.Fatal(err)
	}
	people, err := dpo.ListPatients(0, 1000)
	if err != nil || len(people) != 300 {
		t.Fatalf("%d patients, %v", len(people), err)
	}

	timers := &fakeTimers{}
	v, _ := demoView(t, dpo, now, timers)
	studiesBefore, historyBefore := len(v.Studies()), len(v.History())
	v.OpenWizard(nil)
	w := v.Wizard
	if w.data == nil || w.data.Patients() != 300 {
		t.Fatalf("extract not loaded: %s", w.Status())
	}
	s := w.study
	s.name.SetText("Demo diabetes study")
	if len(s.purpose.Options) == 0 {
		t.Fatal("no research purpose in the demo catalogue")
	}
	s.purpose.SetSelected(s.purpose.Options[0])
	i := slices.IndexFunc(s.recipient.Options, func(o string) bool { return strings.HasPrefix(o, "researcher ") })
	if i < 0 {
		t.Fatalf("the researcher account is not offered: %v", s.recipient.Options)
	}
	s.recipient.SetSelected(s.recipient.Options[i])
	w.Next()
	timers.fire()
	if w.Step() != StepCohort || w.Report() == nil {
		t.Fatalf("step %d %q, preview: %s", w.Step(), w.Problem(), w.Status())
	}
	rep := w.Report()
	if rep.Cohort.Included == 0 || rep.Cohort.ExcludedTotal == 0 {
		t.Errorf("demo cohort: %+v", rep.Cohort)
	}
	w.Next()
	w.Next()
	timers.fire()
	w.privacy.SetK(3)
	timers.fire()
	if w.Report() == nil || w.Report().Model.Privacy.K != 3 {
		t.Fatalf("privacy preview: %s", w.Status())
	}
	w.Next()
	pkg := filepath.Join(t.TempDir(), w.run.DefaultFileName())
	w.run.SaveTo(pkg)
	if w.run.Done == nil {
		t.Fatalf("export: %s", w.run.Status())
	}
	w.Close()
	if len(v.History()) != historyBefore+1 || len(v.Studies()) != studiesBefore+1 {
		t.Fatalf("history %d studies %d (before %d, %d)", len(v.History()), len(v.Studies()), historyBefore, studiesBefore)
	}
	dpo.Lock()

	// The researcher signs in as the desktop app does (app.Unlock).
	_, rvs, err := usecase.Unlock(context.Background(), vlt, "researcher", []byte("researcher-passphrase-not-secret"), usecase.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer rvs.Lock()
	rv, rwin := demoView(t, rvs.Session, now, timers)
	si := slices.IndexFunc(rv.Studies(), func(r StudyRecord) bool { return r.Study.Name == "Demo diabetes study" })
	if si < 0 || len(rv.Studies()) > len(v.Studies()) {
		t.Fatalf("researcher sees %d studies (ours at %d)", len(rv.Studies()), si)
	}
	for _, r := range rv.Studies() {
		if r.Study.Recipient.User != rvs.User().ID {
			t.Errorf("the researcher sees study %s addressed to %q", r.Study.ID, r.Study.Recipient.Org)
		}
	}
	rv.SelectStudy(si)
	if len(rv.History()) != 1 {
		t.Fatalf("researcher sees %d exports of the study", len(rv.History()))
	}
	rv.SelectExport(0)
	history := drawnTexts(rwin)
	if !strings.Contains(history, "Demo diabetes study") {
		t.Errorf("the researcher's history lacks the study:\n%s", history)
	}
	rv.OpenPackage()
	rv.Opener.Fill(pkg, filepath.Join(t.TempDir(), "unpacked"), "")
	rv.Opener.Open()
	if rv.Opener.Opened == nil || !rv.Opener.Opened.OK() {
		t.Fatalf("open: %s", rv.Opener.Status())
	}
	shown := history + drawnTexts(rwin)
	if !strings.Contains(shown, "Package verified") {
		t.Errorf("no verification shown:\n%s", shown)
	}
	for _, p := range people {
		for _, word := range []string{p.FamilyName, p.MRN} {
			if len(word) > 3 && strings.Contains(shown, word) {
				t.Errorf("the researcher's screen shows %s of patient %s", word, p.ID)
			}
		}
	}
}
