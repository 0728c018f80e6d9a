package ui

import (
	"errors"
	"strings"
	"testing"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

func TestPracticeFormValidatesAndSaves(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	g := newGovernanceView(f.app, f.cs)
	g.ShowPractice()
	v := g.Practice
	if !v.Editable() || v.EntryDisabled("name") || !strings.Contains(v.Status(), "No practice details yet") {
		t.Fatalf("empty form for the DPO: editable %v, status %q", v.Editable(), v.Status())
	}
	test.Type(v.Entry("name"), "Praxis Qwertz")
	v.Set("country", "Germany")
	v.Set("email", "not-an-address")
	v.Submit()
	for _, want := range []string{"Address: is required", "Country: must be a country's two-letter ISO code", "E-mail:"} {
		if !strings.Contains(v.Problem(), want) {
			t.Errorf("problem %q lacks %q", v.Problem(), want)
		}
	}
	if f.cs.Stored != nil {
		t.Fatal("invalid details were stored")
	}
	v.Set("address", "Zyxweg 1\n99999 Nirgendwo")
	v.Set("country", "de")
	v.Set("region", "xx")
	v.Set("email", "info@qwertz.example")
	v.Submit()
	if !strings.Contains(v.Problem(), "State or canton:") || !strings.Contains(v.HolidaysText(), "unknown state") {
		t.Fatalf("unknown region: problem %q, deadlines %q", v.Problem(), v.HolidaysText())
	}
	v.Set("region", "")
	if got := v.HolidaysText(); !strings.Contains(got, "Bavaria (BY)") || !strings.Contains(got, "observed everywhere") {
		t.Errorf("no state: %q", got)
	}
	v.Set("region", "by")
	if got := v.HolidaysText(); got != "weekends and the public holidays of Germany, Bavaria" {
		t.Errorf("deadlines line %q", got)
	}
	v.Set("dpoName", "Xavera Plonk")
	v.Set("dpoEmail", "xp@qwertz.example")
	v.Submit()
	if v.Problem() != "" || v.Status() != "Practice details saved." {
		t.Fatalf("after a valid submit: problem %q, status %q", v.Problem(), v.Status())
	}
	want := consent.Controller{Name: "Praxis Qwertz", Address: "Zyxweg 1\n99999 Nirgendwo", Country: "DE", Region: "BY",
		Email: "info@qwertz.example", DPOContact: "Xavera Plonk <xp@qwertz.example>"}
	if f.cs.Stored == nil || *f.cs.Stored != want {
		t.Fatalf("stored %+v, want %+v", f.cs.Stored, want)
	}
	// The stored details are what receipts print; a fresh view shows them.
	if c, err := f.cs.Controller(); err != nil || c.Name != "Praxis Qwertz" {
		t.Fatalf("Controller() = %+v, %v", c, err)
	}
	again := newGovernanceView(f.app, f.cs)
	again.ShowPractice()
	if got := again.Practice.Controller(); got != want {
		t.Fatalf("reloaded form = %+v, want %+v", got, want)
	}
}

func TestPracticeFormReadOnlyForClinician(t *testing.T) {
	f := newConsentFixture(t, vault.RoleClinician, consentNow)
	f.cs.Stored = &consent.Controller{Name: "Praxis Qwertz", Address: "Zyxweg 1", Country: "DE", Email: "info@qwertz.example"}
	m := newMainView(f.app, f.cs)
	if !m.Show(sectionGovernance) || m.Governance() == nil {
		t.Fatal("clinician has no Governance section")
	}
	g := m.Governance()
	if g.Retention != nil || g.Breaches != nil || g.TabCount() != 1 {
		t.Fatalf("clinician sees %d governance tabs", g.TabCount())
	}
	v := g.Practice
	for _, pf := range v.Fields() {
		if !v.EntryDisabled(pf) {
			t.Errorf("field %s is editable for a clinician", pf)
		}
	}
	if v.Shown("name") != "Praxis Qwertz" || v.Shown("phone") != "—" {
		t.Errorf("read-only form shows name %q, phone %q", v.Shown("name"), v.Shown("phone"))
	}
	if v.Editable() || !strings.Contains(v.Status(), "Read-only") || v.Controller().Name != "Praxis Qwertz" {
		t.Fatalf("clinician form: editable %v, status %q, name %q", v.Editable(), v.Status(), v.Controller().Name)
	}
	v.Submit() // no button is offered; a call changes nothing
	if f.cs.Stored.Name != "Praxis Qwertz" {
		t.Fatal("read-only form stored something")
	}
	// The vault refuses too (the form is not the safeguard).
	err := f.cs.SetPractice(consent.Controller{Name: "X", Address: "Y", Country: "DE", Email: "a@b.example"})
	if !errors.Is(err, vault.ErrPermission) {
		t.Fatalf("clinician SetPractice = %v, want ErrPermission", err)
	}
}

func TestNoPracticeDetailsSaysWhereToEnterThem(t *testing.T) {
	p := kit.Describe(testLoc(), ErrNoController)
	if !strings.Contains(p.Message, "enter the practice details under Governance › Practice details") {
		t.Fatalf("message %q does not say where to enter the details", p.Message)
	}
}

// TestVaultControllerPrefersStoredPractice: the use cases over the vault
// print the stored details; the configured file is the fallback only when
// none are stored, and without either the error is ErrNoController.
func TestVaultControllerPrefersStoredPractice(t *testing.T) {
	_, s := vault.NewTestVault(t)
	fromEnv := consent.Controller{Name: "From the environment"}
	withEnv := usecase.New(usecase.FromVault(s), usecase.Options{Controller: func() (consent.Controller, error) { return fromEnv, nil }})
	none := usecase.New(usecase.FromVault(s), usecase.Options{})
	if c, err := withEnv.Controller(); err != nil || c != fromEnv {
		t.Fatalf("nothing stored: %+v, %v; want the fallback", c, err)
	}
	if _, err := none.Controller(); !errors.Is(err, ErrNoController) {
		t.Fatalf("nothing at all: %v, want ErrNoController", err)
	}
	stored := consent.Controller{Name: "Praxis Qwertz", Address: "Zyxweg 1", Country: "DE", Email: "info@qwertz.example"}
	if _, err := withEnv.SetPractice(stored); err != nil {
		t.Fatal(err)
	}
	if c, err := withEnv.Controller(); err != nil || c != stored {
		t.Fatalf("stored: %+v, %v; want the stored details", c, err)
	}
}
