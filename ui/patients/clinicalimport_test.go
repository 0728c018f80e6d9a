package patients

import (
	"strings"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// clinicalImportFixture is the patients view in German on a real vault
// session (weak KDF) holding two synthetic patients, at 1280×800.
func clinicalImportFixture(t *testing.T) (*kit.Env, *View, *vault.Session, [2]vault.Patient) {
	t.Helper()
	_, s := vault.NewTestVault(t)
	var ps [2]vault.Patient
	for i, mrn := range []string{"K-1", "K-2"} {
		p, err := s.AddPatient(vault.Patient{GivenName: "Ylva", FamilyName: "Testperson" + mrn, BirthDate: time.Date(1980, 4, 5, 0, 0, 0, 0, time.UTC), MRN: mrn})
		if err != nil {
			t.Fatal(err)
		}
		ps[i] = p
	}
	env := uitest.Env(t, s)
	env.Loc = i18n.MustLoad().Localizer("de")
	env.Win.Resize(fyne.NewSize(1280, 800))
	v := New(env, s, Hooks{})
	uitest.Show(env, v.Content())
	v.Activate()
	return env, v, s, ps
}

func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	for _, b := range uitest.ButtonsIn(o) {
		if b.Text == text {
			return b
		}
	}
	return nil
}

// A file with bad lines is refused whole: the dialog lists every problem
// by file, line and column in German, worded as the command line words
// it, and nothing is stored. A good pair of files is confirmed, stored in
// one step, and summed up.
func TestClinicalImportDialog(t *testing.T) {
	env, v, s, ps := clinicalImportFixture(t)
	de := env.Loc
	if v.clinicalBtn == nil || v.clinicalBtn.Disabled() || v.clinicalBtn.Text != de.T("clinical.import") {
		t.Fatal("no enabled clinical import beside the patient import")
	}
	test.Tap(v.clinicalBtn)
	form := env.Win.Canvas().Overlays().Top()
	check := buttonIn(form, de.T("clinical.import.check"))
	if form == nil || check == nil || !check.Disabled() || !containsText(form, de.T("clinical.import.nofile")) {
		t.Fatal("the dialog does not offer the two files with Check disabled until one is chosen")
	}
	bad := "mrn;date;kind;diagnoses;ref\nK-1;2024-01-02;Hausbesuch;E11.9;a\nK-9;2024-13-02;;diabetes;a\n"
	v.ClinicalImporter.SetFile(encountersFile, "kontakte.csv", []byte(bad))
	if check.Disabled() || !containsText(form, "kontakte.csv") {
		t.Fatal("choosing a file does not show it or enable Check")
	}
	test.Tap(check)
	top := env.Win.Canvas().Overlays().Top()
	if !containsText(top, de.T("clinical.import.notimported")) {
		t.Fatal("no problem list after a bad file")
	}
	want := []string{
		"kontakte.csv, Zeile 3, Spalte „Aktennummer“ (mrn): nennt keine Patientenakte im Tresor",
		"kontakte.csv, Zeile 3, Spalte „Datum“ (date): ist kein gültiges Datum",
		"kontakte.csv, Zeile 3, Spalte „Diagnosen“ (diagnoses), Diagnose 1: ist kein ICD-10-Code",
		"kontakte.csv, Zeile 3, Spalte „Kontaktschlüssel“ (ref): derselbe Schlüssel wie in Zeile 2",
	}
	lines := v.ClinicalImporter.problemLines(v.ClinicalImporter.problems)
	if len(lines) != len(want) {
		t.Fatalf("problems %q, want %d", lines, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d: %q, want it to start %q", i, lines[i], w)
		}
	}
	list := listIn(top)
	if list == nil || list.Length() != len(want) {
		t.Fatal("the dialog does not list every problem")
	}
	if es, _ := s.Encounters(ps[0].ID); len(es) != 0 {
		t.Fatalf("a refused import stored %d encounters", len(es))
	}
	env.Win.Canvas().Overlays().Remove(top)

	v.ClinicalImporter.Open()
	v.ClinicalImporter.SetFile(encountersFile, "kontakte.csv", []byte("mrn,date,kind,diagnoses,ref\nK-1,2024-01-02,Hausbesuch,\"E11.9 Diabetes; I10\",a\nK-2,2024-02-03,,J06.9,b\n"))
	v.ClinicalImporter.SetFile(observationsFile, "messwerte.csv", []byte("mrn,date,loinc,value,unit,encounter\nK-1,2024-01-02,4548-4,\"6,8\",%,a\nK-2,2024-02-03,8867-4,64,/min,b\nK-2,2024-02-04,29463-7,81.5,kg,\n"))
	test.Tap(buttonIn(env.Win.Canvas().Overlays().Top(), de.T("clinical.import.check")))
	confirm := env.Win.Canvas().Overlays().Top()
	if !containsText(confirm, "2 Kontakte und 3 Messwerte von 2 Patientinnen und Patienten") {
		t.Fatal("the confirmation does not count what the files hold")
	}
	test.Tap(buttonIn(confirm, de.T("clinical.import.ok")))
	if done := env.Win.Canvas().Overlays().Top(); !containsText(done, "2 Kontakte und 3 Messwerte importiert.") {
		t.Fatal("no summary after the import")
	}
	es, _ := s.Encounters(ps[0].ID)
	os, _ := s.Observations(ps[1].ID)
	if len(es) != 1 || es[0].Kind != vault.EncounterHomeVisit || len(os) != 2 {
		t.Fatalf("stored %+v %+v", es, os)
	}
}

func listIn(o fyne.CanvasObject) *widget.List {
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.List); ok {
			return l
		}
	}
	return nil
}

// A role without clinical data (the front desk) does not see the import
// at all: a disabled button it can never use read as a broken one (the
// vault refuses the import anyway: app TestClinicalImportPermission).
func TestClinicalImportHiddenForFrontDesk(t *testing.T) {
	v, admin := vault.NewTestVault(t)
	if _, err := admin.AddUser("desk", vault.RoleFrontDesk, []byte("synthetic-passphrase")); err != nil {
		t.Fatal(err)
	}
	desk, err := v.Unlock("desk", []byte("synthetic-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(desk.Lock)
	view := New(uitest.Env(t, desk), desk, Hooks{})
	if view.clinicalBtn != nil || view.ClinicalImporter != nil {
		t.Fatal("the front desk sees the clinical import")
	}
}

// slowLookup is a vault session whose record-number lookups call onFind
// first: a long check, without a clock.
type slowLookup struct {
	*vault.Session
	onFind func()
}

func (s slowLookup) FindPatients(q vault.Query) ([]vault.PatientSummary, error) {
	if s.onFind != nil {
		s.onFind()
	}
	return s.Session.FindPatients(q)
}

// The check shows progress after 300 ms and Cancel after 2 s; Cancel
// stops it between lines, says so, and nothing is confirmed or stored.
func TestClinicalImportCheckCancel(t *testing.T) {
	env, _, s, ps := clinicalImportFixture(t)
	timers := &delayTimers{}
	env.After = timers.after
	var ci *ClinicalImporter
	calls := 0
	ci = newClinicalImporter(env, slowLookup{Session: s, onFind: func() {
		if calls++; calls > 1 {
			return
		}
		timers.advance(kit.ShowProgressAfter)
		p := ci.progress
		if p == nil || p.Cancel.Button.Visible() {
			t.Error("at 300 ms: no progress, or Cancel already")
			return
		}
		timers.advance(kit.OfferCancelAfter)
		if !p.Cancel.Button.Visible() {
			t.Error("no Cancel at 2 s")
		}
		test.Tap(p.Cancel.Button)
	}}, nil)
	ci.SetFile(encountersFile, "kontakte.csv", []byte("mrn,date,diagnoses\nK-1,2024-01-02,I10\nK-2,2024-01-03,I10\n"))
	ci.Check()
	top := env.Win.Canvas().Overlays().Top()
	if calls != 1 || ci.progress != nil || !containsText(top, env.T("clinical.import.cancelled")) {
		t.Fatalf("after Cancel: %d lookups, progress %v, no message", calls, ci.progress != nil)
	}
	if es, _ := s.Encounters(ps[0].ID); len(es) != 0 {
		t.Fatal("a cancelled check stored encounters")
	}
}
