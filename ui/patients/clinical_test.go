package patients

import (
	"strings"
	"testing"
	"time"

	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

var clinicalNow = time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)

// clinicalFixture is a patient form on a real vault session (weak KDF).
func clinicalFixture(t *testing.T, role vault.Role) (*kit.Env, *Form, *vault.Session, vault.Patient) {
	t.Helper()
	v, admin := vault.NewTestVault(t)
	p, err := admin.AddPatient(vault.Patient{GivenName: "Zyxa", FamilyName: "Qorvexson", BirthDate: time.Date(1970, 2, 3, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddEncounter(vault.Encounter{PatientID: p.ID, Date: time.Date(2025, 1, 14, 0, 0, 0, 0, time.UTC), Kind: vault.EncounterVisit,
		Diagnoses: []vault.Diagnosis{{Code: "J06.9", Text: "Acute upper respiratory infection"}}}); err != nil {
		t.Fatal(err)
	}
	s := admin
	if role != vault.RoleAdmin {
		if _, err := admin.AddUser(string(role), role, []byte("synthetic-passphrase")); err != nil {
			t.Fatal(err)
		}
		if s, err = v.Unlock(string(role), []byte("synthetic-passphrase")); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Lock)
	}
	env := uitest.Env(t, s)
	env.Win.Resize(fyne.NewSize(1100, 900))
	env.Now = func() time.Time { return clinicalNow }
	f := newForm(env, s, Hooks{})
	uitest.Show(env, f.content)
	stored, err := s.GetPatient(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.Load(stored)
	return env, f, admin, p
}

func TestClinicalPanelListsAndAddsEncounters(t *testing.T) {
	_, f, admin, p := clinicalFixture(t, vault.RoleClinician)
	c := f.Clinical
	if c == nil {
		t.Fatal("no clinical panel for a clinician")
	}
	if rows := c.EncounterRows(); len(rows) != 1 || rows[0] != "14 Jan 2025 · Visit — J06.9 Acute upper respiratory infection" {
		t.Fatalf("rows: %q", rows)
	}
	c.NewEncounter()
	if !c.editorOpen() || c.encDate.Text != "15 Mar 2026" {
		t.Fatalf("editor: open %v date %q", c.editorOpen(), c.encDate.Text)
	}
	c.setEncounterFields(encounterFields{Date: "2026-02-30", Kind: "Home visit", Diagnoses: "E11.9 Type 2 diabetes\ndiabetes"})
	c.SaveEncounter()
	if c.errorFor("enc.Date") == "" || !strings.HasPrefix(c.errorFor("enc.Diagnoses"), "line 2:") {
		t.Fatalf("errors: date %q diagnoses %q", c.errorFor("enc.Date"), c.errorFor("enc.Diagnoses"))
	}
	c.encDate.SetText("")
	test.Type(c.encDate, "2026-02-27")
	c.encDiag.SetText("e119 Type 2 diabetes\nI10")
	c.SaveEncounter()
	if c.editorOpen() || c.statusText() != "Encounter saved." {
		t.Fatalf("after save: open %v status %q", c.editorOpen(), c.statusText())
	}
	stored, err := admin.Encounters(p.ID)
	if err != nil || len(stored) != 2 || stored[1].Kind != vault.EncounterHomeVisit || stored[1].DiagnosisCodes() != "E11.9, I10" {
		t.Fatalf("stored: %+v %v", stored, err)
	}
	if rows := c.EncounterRows(); rows[0] != "27 Feb 2026 · Home visit — E11.9 Type 2 diabetes; I10" {
		t.Errorf("newest first: %q", rows)
	}

	// Edit the selected encounter.
	c.Select(1)
	if c.editEnc.Disabled() {
		t.Fatal("edit disabled with a selection")
	}
	test.Tap(c.editEnc)
	if c.encKind.Selected != "Visit" || c.encDiag.Text != "J06.9 Acute upper respiratory infection" {
		t.Fatalf("editor for the selection: %q %q", c.encKind.Selected, c.encDiag.Text)
	}
	c.encKind.SetSelected("Telephone")
	c.SaveEncounter()
	stored, _ = admin.Encounters(p.ID)
	if stored[0].Kind != vault.EncounterTelephone || stored[0].Version != 2 {
		t.Errorf("edited: %+v", stored[0])
	}
	c.Select(0)
	c.deleteEncounter(c.encounters[0].ID)
	if stored, _ = admin.Encounters(p.ID); len(stored) != 1 || len(c.EncounterRows()) != 1 {
		t.Errorf("after delete: %d stored, %d shown", len(stored), len(c.EncounterRows()))
	}
}

func TestClinicalPanelObservations(t *testing.T) {
	_, f, admin, p := clinicalFixture(t, vault.RoleAdmin)
	c := f.Clinical
	c.NewObservation()
	c.setObservationFields(observationFields{Date: "2026-03-01", Code: "HbA1c (4548-4)", Value: "abc"})
	if c.obsUnit.Text != "%" {
		t.Errorf("unit not suggested: %q", c.obsUnit.Text)
	}
	c.saveObservation()
	if c.errorFor("obs.Value") == "" {
		t.Fatal("bad value accepted")
	}
	c.obsValue.SetText("6,9")
	c.saveObservation()
	obs, err := admin.Observations(p.ID)
	if err != nil || len(obs) != 1 || obs[0].Code != "4548-4" || obs[0].Value != "6.9" || obs[0].Unit != "%" {
		t.Fatalf("stored: %+v %v", obs, err)
	}
	if c.observationCount() != 1 || c.observationCell(0, 1) != "Observation" || c.observationCell(1, 1) != "HbA1c" || c.observationCell(1, 2) != "6.9" {
		t.Errorf("table: %q %q", c.observationCell(1, 1), c.observationCell(1, 2))
	}
	if !c.delObs.Disabled() {
		t.Error("delete enabled without a selection")
	}
	c.selectObservation(0)
	if c.delObs.Disabled() {
		t.Fatal("delete disabled with a selection")
	}
	c.deleteObservation(obs[0].ID)
	if obs, _ := admin.Observations(p.ID); len(obs) != 0 || c.observationCount() != 0 {
		t.Errorf("after delete: %d stored, %d shown", len(obs), c.observationCount())
	}
}

func TestClinicalPanelByRole(t *testing.T) {
	_, f, _, _ := clinicalFixture(t, vault.RoleFrontDesk)
	if f.Clinical != nil {
		t.Error("front desk sees the clinical panel")
	}
}

func TestClinicalPanelRestrictedIsReadOnly(t *testing.T) {
	_, f, _, p := clinicalFixture(t, vault.RoleAdmin)
	p.Restricted = true
	f.Load(p)
	if len(f.Clinical.EncounterRows()) != 1 {
		t.Fatal("restricted record not shown")
	}
	for _, b := range f.Clinical.buttons {
		if !b.Disabled() {
			t.Error("an add button is enabled on a restricted record")
		}
	}
}
