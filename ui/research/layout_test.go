package research

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"custodia/ui/internal/uitest"
	"custodia/vault"
)

// The screen sizes of issue 10 the Research tab must fit.
var researchScreenSizes = []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// longStudy is a study whose name and recipient are as long as real ones
// get (a university hospital's institute), with an export.
func (f *fixture) addLongStudy() {
	st := sampleStudy()
	st.ID, st.Name = "registry-2026", "Verlauf chronischer Erkrankungen in der hausärztlichen Versorgung 2026"
	st.Recipient.Org = "Universitätsklinikum Hamburg-Eppendorf, Institut für Medizinische Biometrie und Epidemiologie"
	rep := fakeReport(st)
	f.svc.studies = append(f.svc.studies, StudyRecord{Study: st, SavedAt: testNow.Add(-time.Hour), SavedBy: "Dana DPO", Exports: 12})
	f.svc.history = append(f.svc.history, ExportRecord{ExportID: "registry-2026-v1-0012", StudyID: st.ID, StudyName: st.Name, Version: 1,
		At: testNow.Add(-time.Hour), By: "Dana DPO", Included: rep.Cohort.Included, Excluded: rep.Cohort.Excluded, Rows: rep.Rows.Output,
		SHA256: strings.Repeat("ef", 32), FileName: "registry-2026-2026-12-04.age", Report: rep})
	f.svc.history[0].Report.Verification = nil // the first keeps the fake's check; the long one gets the real re-check below
	f.view.Refresh()
	f.run.flush()
}

// newLayoutFixture is the tab in the default theme (the sizes people see)
// in a window of the given size.
func newLayoutFixture(t *testing.T, role vault.Role, lang string, size fyne.Size) *fixture {
	t.Helper()
	f := newFixtureIn(t, role, lang)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	f.win.SetContent(f.view.Content())
	f.win.Resize(size)
	f.addLongStudy()
	return f
}

// check asserts that the screen fits the window and the window kept its size.
func (f *fixture) check(t *testing.T, size fyne.Size, screen string) {
	t.Helper()
	f.win.SetContent(f.view.Content())
	if got := f.win.Canvas().Size(); got != size {
		t.Errorf("%s: window is %v, want %v", screen, got, size)
	}
	uitest.AssertFits(t, f.win, screen)
}

// Every screen of the Research tab fits at 1280×800 and 1920×1080 in
// English and German, with long study names and recipients: nothing cut,
// no text spilling out of its widget, the window never grows.
func TestLayoutResearchScreensFit(t *testing.T) {
	if testing.Short() {
		t.Skip("renders every screen in two languages at two sizes")
	}
	for _, lang := range []string{"en", "de"} {
		for _, size := range researchScreenSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				layoutScreens(t, lang, size)
			})
		}
	}
}

func layoutScreens(t *testing.T, lang string, size fyne.Size) {
	f := newLayoutFixture(t, vault.RoleDPO, lang, size)
	f.check(t, size, "home")
	f.view.SelectStudy(1)
	f.run.flush()
	f.check(t, size, "long study selected")
	f.view.SelectExport(0)
	f.svc.history[0].Report.Verification = recheck(t)
	f.view.SelectExport(0)
	f.check(t, size, "export report")

	r := f.view.openReidentifierFor(t)
	r.Fill(fakePseudonym, "safety finding")
	r.Find()
	f.run.flush()
	f.check(t, size, "re-identified patient")
	r.Fill("P-NOBODY", "safety finding")
	r.Find()
	f.run.flush()
	f.check(t, size, "unknown pseudonym")
	f.view.ShowHome()
	f.run.flush()

	f.view.SelectStudy(1)
	f.run.flush()
	f.view.DestroyKey()
	f.check(t, size, "destroy key confirmation")
	uitest.AssertShowsWhole(t, f.win, "destroy key confirmation")
	f.view.Destroyer.Fill("study ended")
	f.view.Destroyer.Confirm()
	f.run.flush()
	f.check(t, size, "key destroyed")

	f.view.OpenPackage()
	f.view.Opener.Fill("/tmp/in/diabetes.age", t.TempDir(), "")
	f.view.Opener.Open()
	f.run.flush()
	f.check(t, size, "opened package")
	f.view.ShowHome()
	f.run.flush()

	w := f.openWizard()
	f.check(t, size, "wizard: study")
	f.fillStudy(w)
	w.Next()
	f.timers.fire()
	f.run.flush()
	f.check(t, size, "wizard: cohort")
	w.Next()
	f.check(t, size, "wizard: columns")
	w.Next()
	f.timers.fire()
	f.run.flush()
	f.check(t, size, "wizard: privacy")
	w.Next()
	f.check(t, size, "wizard: run")
	w.run.pass.SetText("correct horse battery")
	w.run.pass2.SetText("correct horse battery")
	w.run.SaveTo(filepath.Join(t.TempDir(), w.run.DefaultFileName()))
	f.run.flush()
	f.check(t, size, "wizard: done")

	a := newLayoutFixture(t, vault.RoleAdmin, lang, size)
	ar := a.view.openReidentifierFor(t)
	ar.Fill(fakePseudonym, "curious")
	ar.Find()
	a.run.flush()
	a.check(t, size, "admin refused")
}

// openReidentifierFor opens the page for the selected export.
func (v *View) openReidentifierFor(t *testing.T) *Reidentifier {
	t.Helper()
	if v.export < 0 {
		v.SelectExport(0)
	}
	v.Reidentify()
	if v.Reidentifier == nil {
		t.Fatal("no re-identification page")
	}
	return v.Reidentifier
}

// Every list row is as tall as its wrapped lines need at the list's
// width (a row too short would overlap the next one; the layout checker
// looks at labels, not rows).
func TestListRowsAreTallEnoughForTheirWrappedLines(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		f := newLayoutFixture(t, vault.RoleDPO, lang, researchScreenSizes[0])
		f.view.SelectStudy(1)
		f.run.flush()
		uitest.Settle(f.win.Canvas())
		rows := 0
		for _, o := range test.LaidOutObjects(f.win.Content()) {
			c, ok := o.(*fyne.Container)
			if !ok || len(c.Objects) != 2 || !c.Visible() {
				continue
			}
			top, ok1 := c.Objects[0].(*widget.Label)
			bottom, ok2 := c.Objects[1].(*widget.Label)
			if !ok1 || !ok2 || !top.TextStyle.Bold || top.Wrapping != fyne.TextWrapWord || top.Text == "" {
				continue
			}
			rows++
			if need := c.MinSize().Height; c.Size().Height+uitest.Slack < need {
				t.Errorf("%s: row %q / %q is %.0f tall, its lines need %.0f", lang, top.Text, bottom.Text, c.Size().Height, need)
			}
		}
		if rows < 4 {
			t.Errorf("%s: %d list rows found, want studies, versions and exports", lang, rows)
		}
	}
}
