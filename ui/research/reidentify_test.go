package research

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"custodia/ui/kit"
	"custodia/vault"
)

// overlayTexts are the texts drawn in the window's dialogs.
func (f *fixture) overlayTexts() []string {
	var out []string
	for _, o := range f.win.Canvas().Overlays().List() {
		for _, x := range test.LaidOutObjects(o) {
			if t, ok := x.(*canvas.Text); ok && t.Visible() && t.Text != "" {
				out = append(out, t.Text)
			}
		}
	}
	return out
}

// labelsShowing are the labels whose text contains s.
func labelsShowing(root fyne.CanvasObject, s string) []*widget.Label {
	var out []*widget.Label
	for _, o := range test.LaidOutObjects(root) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.Contains(l.Text, s) {
			out = append(out, l)
		}
	}
	return out
}

// openReidentifier selects the first export and opens the page.
func (f *fixture) openReidentifier() *Reidentifier {
	f.t.Helper()
	f.view.SelectExport(0)
	if !f.view.CanReidentify() {
		f.t.Fatal("re-identification is not offered for the selected export")
	}
	f.view.Reidentify()
	return f.view.Reidentifier
}

func TestDPOReidentifiesAPseudonymOfTheSelectedExport(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	if f.view.CanReidentify() {
		t.Error("re-identification offered before an export is chosen")
	}
	r := f.openReidentifier()
	r.Fill(fakePseudonym, "")
	r.Find()
	f.run.flush()
	if r.Status() != f.loc.T("research.reid.missing") || len(f.svc.reasons) != 0 {
		t.Fatalf("without a reason: %q, %d calls", r.Status(), len(f.svc.reasons))
	}
	r.Fill("P-NOBODY", "safety finding 12")
	r.Find()
	f.run.flush()
	if r.Status() != f.loc.T("research.reid.unknown") || r.Found() != nil {
		t.Errorf("unknown pseudonym: %q", r.Status())
	}
	r.Fill(fakePseudonym, "safety finding 12")
	r.Find()
	f.run.flush()
	if r.Found() == nil || !f.shows("Beispiel, Jonas") || !f.shows("MRN-000417") || !f.shows(f.loc.Date(r.Found().BirthDate)) {
		t.Fatalf("patient not shown: %q %v", r.Status(), f.texts())
	}
	if f.shows(r.Found().ID) {
		t.Error("the patient's internal id is shown")
	}
	if got := f.svc.reasons[len(f.svc.reasons)-1]; got != "safety finding 12" {
		t.Errorf("reason passed on as %q", got)
	}
	if r.reason.Text != "" {
		t.Error("the reason stays in the form after the look-up")
	}
	for _, l := range labelsShowing(f.win.Content(), "Beispiel") {
		if l.Selectable {
			t.Error("the patient's name can be selected (and copied)")
		}
	}
	r.Clear()
	if r.Found() != nil || f.shows("Beispiel, Jonas") {
		t.Error("Clear leaves the patient on the page")
	}
}

// The reason may hold personal data: it never reaches the clipboard.
func TestReasonCannotBeCopied(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	r := f.openReidentifier()
	cb := fyne.CurrentApp().Clipboard()
	cb.SetContent("before")
	r.Fill(fakePseudonym, "finding about Jonas Beispiel")
	f.win.Canvas().Focus(r.reason)
	r.reason.TypedShortcut(&fyne.ShortcutSelectAll{})
	r.reason.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
	r.reason.TypedShortcut(&fyne.ShortcutCut{Clipboard: cb})
	if got := cb.Content(); got != "before" {
		t.Errorf("the clipboard holds %q", got)
	}
	if r.reason.Text == "" {
		t.Error("Cut removed the reason")
	}
}

// Leaving the page by another tab, Back or the lock clears the patient.
func TestLeavingTheReidentificationClearsThePatient(t *testing.T) {
	for _, leave := range []string{"tab", "back", "lock"} {
		t.Run(leave, func(t *testing.T) {
			f := newFixture(t, vault.RoleDPO)
			other := container.NewTabItem("Patients", widget.NewLabel("other"))
			tabs := container.NewAppTabs(container.NewTabItem("Research", f.view.Content()), other)
			f.win.SetContent(tabs)
			r := f.openReidentifier()
			r.Fill(fakePseudonym, "safety finding")
			r.Find()
			f.run.flush()
			if r.Found() == nil || !f.shows("Beispiel, Jonas") {
				t.Fatalf("not found: %q", r.Status())
			}
			switch leave {
			case "tab":
				tabs.Select(other)
				tabs.SelectIndex(0)
			case "back":
				f.view.ShowHome()
				f.run.flush()
			case "lock":
				f.view.Close()
			}
			if r.Found() != nil || r.pseudonym.Text != "" || f.view.Reidentifier != nil {
				t.Errorf("after leaving: found %v, pseudonym %q", r.Found(), r.pseudonym.Text)
			}
			if leave != "lock" && (f.shows("Beispiel") || !f.shows(f.loc.T("research.home.studies"))) {
				t.Errorf("after leaving the page shows %v", f.texts())
			}
		})
	}
}

// The administrator is not offered the step (the vault says who may);
// asked anyway, the vault refuses and the page says who may, in both
// languages.
func TestAdminIsRefusedReidentificationWithAClearMessage(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		t.Run(lang, func(t *testing.T) {
			f := newFixtureIn(t, vault.RoleAdmin, lang)
			f.view.SelectExport(0)
			if f.view.CanReidentify() || f.view.reidBtn.Visible() {
				t.Fatal("the administrator is offered re-identification, which the vault refuses")
			}
			f.view.Reidentify()
			r := f.view.Reidentifier
			r.Fill(fakePseudonym, "curious")
			r.Find()
			f.run.flush()
			want := map[string]string{"en": "only the data-protection officer may re-identify", "de": "Nur die bzw. der Datenschutzbeauftragte darf"}[lang]
			if !strings.Contains(r.Status(), want) || r.Found() != nil {
				t.Fatalf("status %q, found %v", r.Status(), r.Found())
			}
			if !f.shows(strings.Fields(r.Status())[0]) || f.shows("Beispiel") {
				t.Errorf("refusal not drawn: %v", f.texts())
			}
		})
	}
}

func TestResearcherIsOfferedNeitherReidentificationNorKeyDestruction(t *testing.T) {
	f := newFixture(t, vault.RoleResearcher)
	f.view.SelectStudy(0)
	f.run.flush()
	f.view.SelectExport(0)
	if f.view.CanReidentify() || f.view.CanDestroyKey() || f.view.reidBtn.Visible() || f.view.destroyBtn.Visible() {
		t.Error("a researcher is offered re-identification or key destruction")
	}
}

func TestDestroyKeyConfirmsNamingTheStudyAndWhatBecomesImpossible(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	if f.view.CanDestroyKey() {
		t.Error("offered before a study is chosen")
	}
	f.view.SelectStudy(0)
	f.run.flush()
	f.view.SelectExport(0)
	f.view.DestroyKey()
	d := f.view.Destroyer
	if d == nil {
		t.Fatal("no confirmation")
	}
	for _, part := range []string{"“Diabetes 2026”", "re-identifying a person from its exports becomes impossible", "pseudonyms or shifted dates", "cannot be undone"} {
		if !strings.Contains(d.Text(), part) {
			t.Errorf("confirmation lacks %q: %s", part, d.Text())
		}
	}
	shown := strings.Join(f.overlayTexts(), " ")
	if !strings.Contains(shown, "Diabetes 2026") || !strings.Contains(shown, f.loc.T("research.destroy.ok")) {
		t.Errorf("dialog shows %q", shown)
	}
	if d.CanConfirm() {
		t.Error("the key can be destroyed without a reason")
	}
	d.Cancel()
	f.run.flush()
	if f.svc.studies[0].KeyDestroyed || len(f.svc.reasons) != 0 {
		t.Fatal("Cancel destroyed the key")
	}

	f.view.DestroyKey()
	d = f.view.Destroyer
	d.Fill("study ended")
	if !d.CanConfirm() {
		t.Fatal("a reason does not enable the confirmation")
	}
	d.Confirm()
	f.run.flush()
	if !f.svc.studies[0].KeyDestroyed || f.svc.reasons[0] != "study ended" || f.view.Destroyer != nil {
		t.Fatalf("not destroyed: %q", d.Status())
	}
	if f.view.CanReidentify() || !f.shows(f.loc.T("research.home.pickExport")) {
		t.Error("after the destruction an export stays selected with its report")
	}
	if !strings.Contains(f.view.Notice(), "Diabetes 2026") || !f.shows(f.loc.T("research.home.keyDestroyed")) {
		t.Errorf("notice %q, list %v", f.view.Notice(), f.texts())
	}
	f.view.SelectStudy(0)
	f.run.flush()
	f.view.SelectExport(0)
	if f.view.CanDestroyKey() || f.view.CanReidentify() {
		t.Error("a destroyed key is offered again")
	}
}

// Destroyed meanwhile (another DPO): the dialog stays open and says so;
// a re-identification then says the key is gone.
func TestDestroyedMeanwhileIsReported(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	r := f.openReidentifier()
	f.view.SelectStudy(0)
	f.run.flush()
	f.view.DestroyKey()
	d := f.view.Destroyer
	f.svc.studies[0].KeyDestroyed = true
	d.Fill("Studie beendet")
	d.Confirm()
	f.run.flush()
	if d.Status() != f.loc.T("research.destroy.already") || f.view.Destroyer != d {
		t.Errorf("status %q", d.Status())
	}
	d.Cancel()
	r.Fill(fakePseudonym, "Sicherheitsbefund")
	r.Find()
	f.run.flush()
	if r.Status() != f.loc.T("research.reid.keyDestroyed") {
		t.Errorf("re-identification after destruction: %q", r.Status())
	}
	if slices.Contains(f.texts(), "Beispiel, Jonas") {
		t.Error("a patient is shown")
	}
}

// Esc on the destroy-key dialog goes through the shell's Esc handler
// (kit.Dialogs.Dismiss, as ui.App.CloseTopDialog calls it): the dialog
// closes through its own Hide, so the typed reason is cleared and the
// view forgets the dialog; nothing is destroyed.
func TestEscOnDestroyKeyClearsTheReason(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	env := &kit.Env{Win: f.win, Dialogs: &kit.Dialogs{}}
	f.view.opts.ShowDialog = env.ShowTracked
	f.view.SelectStudy(0)
	f.run.flush()
	f.view.DestroyKey()
	d := f.view.Destroyer
	if d == nil {
		t.Fatal("no confirmation")
	}
	d.Fill("Frau Beispiel asked for it")
	if !env.Dialogs.Dismiss(len(f.win.Canvas().Overlays().List())) {
		t.Fatal("Esc did not reach the dialog's own close")
	}
	if d.reason.Text != "" || f.view.Destroyer != nil {
		t.Errorf("after Esc the reason is %q and the dialog is kept: %v", d.reason.Text, f.view.Destroyer != nil)
	}
	if f.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog is still shown")
	}
	if f.svc.studies[0].KeyDestroyed || len(f.svc.reasons) != 0 {
		t.Error("Esc destroyed the key")
	}
}
