package research

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	usecase "custodia/app"
	core "custodia/research"
	"custodia/vault"
	"custodia/vault/demo"
)

// On a demo vault with the app's real permission checks: the DPO runs the
// demo study, the researcher opens the package and reports a pseudonym;
// the administrator's attempt to re-identify it is refused with a clear
// message; the DPO finds the patient (one of the vault's); after the key
// is destroyed, re-identification is no longer offered, and forced it
// says the key is gone.
func TestDemoVaultReidentifyRefusedForAdminDoneByDPOUntilKeyDestroyed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo vault")
	}
	test.NewTempApp(t)
	now := time.Date(2026, 3, 15, 10, 30, 0, 0, time.UTC)
	weak := vault.WeakKDFParams()
	vopts := vault.Options{KDF: &weak, Now: func() time.Time { return now }}
	path := filepath.Join(t.TempDir(), "demo.vault")
	if _, err := usecase.CreateDemoVault(path, 80, vopts); err != nil {
		t.Fatal(err)
	}
	vlt, err := vault.Open(path, vopts)
	if err != nil {
		t.Fatal(err)
	}
	defer vlt.Close()
	aopts := usecase.Options{Now: func() time.Time { return now }}
	unlock := func(user, pass string) (*usecase.Session, usecase.VaultSession) {
		t.Helper()
		s, vs, err := usecase.Unlock(context.Background(), vlt, user, []byte(pass), aopts)
		if err != nil {
			t.Fatal(err)
		}
		return s, vs
	}
	pass := map[vault.Role]demo.User{}
	for _, u := range demo.Users() {
		pass[u.Role] = u
	}

	dpo, dvs := unlock(pass[vault.RoleDPO].Name, pass[vault.RoleDPO].Passphrase)
	pkg := filepath.Join(t.TempDir(), "registry.age")
	if _, err := dpo.RunExport(t.Context(), demo.StudyID, pkg, usecase.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	people, err := dvs.ListPatients(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	dvs.Lock()

	res, rvs := unlock(pass[vault.RoleResearcher].Name, pass[vault.RoleResearcher].Passphrase)
	opened, err := res.OpenPackage(t.Context(), pkg, filepath.Join(t.TempDir(), "out"), "")
	if err != nil {
		t.Fatal(err)
	}
	pseudonym := firstPseudonym(t, filepath.Join(opened.Dir, core.FileData))
	rvs.Lock()

	// The administrator: offered the button, refused by the vault.
	_, avs := unlock(demo.AdminName, demo.AdminPassphrase)
	av, awin := demoView(t, avs.Session, now, &fakeTimers{})
	r := av.openReidentifierFor(t)
	r.Fill(pseudonym, "curious")
	r.Find()
	if r.Found() != nil || r.Status() != av.loc.T("research.reid.forbidden") {
		t.Fatalf("administrator: status %q, found %v", r.Status(), r.Found() != nil)
	}
	if !strings.Contains(drawnTexts(awin), "only the data-protection officer") {
		t.Errorf("the refusal is not drawn:\n%s", drawnTexts(awin))
	}
	avs.Lock()

	// The DPO finds the patient.
	_, dvs = unlock(pass[vault.RoleDPO].Name, pass[vault.RoleDPO].Passphrase)
	dv, dwin := demoView(t, dvs.Session, now, &fakeTimers{})
	r = dv.openReidentifierFor(t)
	r.Fill(pseudonym, "safety finding")
	r.Find()
	p := r.Found()
	if p == nil {
		t.Fatalf("DPO: %q", r.Status())
	}
	i := slices.IndexFunc(people, func(q vault.PatientSummary) bool { return q.ID == p.ID })
	if i < 0 || people[i].FamilyName != p.FamilyName {
		t.Fatalf("found patient %s is not the vault's", p.ID)
	}
	if shown := drawnTexts(dwin); !strings.Contains(shown, p.FamilyName+", "+p.GivenName) || strings.Contains(shown, p.ID) {
		t.Errorf("the patient is not shown by name (or the id is):\n%s", shown)
	}
	dv.ShowHome()

	// The DPO destroys the key; re-identification goes.
	si := slices.IndexFunc(dv.Studies(), func(s StudyRecord) bool { return s.Study.ID == demo.StudyID })
	dv.SelectStudy(si)
	dv.DestroyKey()
	dv.Destroyer.Fill("study ended")
	dv.Destroyer.Confirm()
	if dv.Destroyer != nil || !strings.Contains(dv.Notice(), demo.Study("", time.Time{}).Name) {
		t.Fatalf("not destroyed: %q", dv.Notice())
	}
	dv.SelectExport(0)
	if dv.CanReidentify() {
		t.Error("re-identification still offered after the key was destroyed")
	}
	dv.Reidentify() // as a stale screen would
	if dv.Reidentifier == nil {
		dv.Reidentifier = dv.newReidentifier(dv.History()[0])
	}
	dv.Reidentifier.Fill(pseudonym, "safety finding")
	dv.Reidentifier.Find()
	if got := dv.Reidentifier.Status(); got != dv.loc.T("research.reid.keyDestroyed") {
		t.Errorf("after destruction: %q", got)
	}
}

// firstPseudonym reads the pseudonym of the data file's first row.
func firstPseudonym(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%d rows: %v", len(rows), err)
	}
	col := slices.Index(rows[0], core.PseudonymColumn)
	if col < 0 {
		t.Fatalf("no pseudonym column in %v", rows[0])
	}
	return rows[1][col]
}
