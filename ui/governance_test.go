package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/ui/governance"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/widget"
)

func TestBreachFormRecordsAndCountsDown(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	g := newGovernanceView(f.app, f.cs)
	g.ShowBreaches()
	v := g.Breaches
	v.OpenForm()
	form := v.Form
	form.Fill(consentNow.Add(-50*time.Hour).Format(governance.DateTimeLayout), nil, "", "", consent.RiskRisk)
	form.Submit()
	for _, want := range []string{"measures", "kind of breach", "description", "consequences"} { // the fields by their labels
		if !strings.Contains(strings.ToLower(form.Problem()), want) {
			t.Errorf("problem %q lacks %q", form.Problem(), want)
		}
	}
	// typed as the reader writes a moment ("3 Dec 2026 10:00"), not only ISO
	form.Fill(kit.DateTimeInput(uitest.Loc(), consentNow.Add(-50*time.Hour)), []string{"confidentiality"},
		"laptop with an encrypted vault copy stolen", "remote wipe; passwords rotated", consent.RiskRisk)
	form.SetConsequences("unknown")
	form.Submit()
	if form.Problem() != "" {
		t.Fatal(form.Problem())
	}
	if got := v.Table().Cell(0, 4); got != "unknown" {
		t.Errorf("patients concerned, not entered: %q, want unknown", got)
	}
	if v.Rows() != 1 || !strings.Contains(v.Countdown(0), "22 h 00 min left") || v.Table().CellImportance(0, 0) != widget.WarningImportance {
		t.Fatalf("row: %q %v", v.Countdown(0), v.Table().CellImportance(0, 0))
	}
	f.now = f.now.Add(23 * time.Hour)
	v.Reload()
	if !strings.Contains(v.Countdown(0), "late by 1 h 00 min") || v.Table().CellImportance(0, 0) != widget.DangerImportance {
		t.Fatalf("after 73 h: %q", v.Countdown(0))
	}
}

func TestRetentionDueListAndDPOApproval(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	f.seed(t)
	// a request closed four years ago is due (requests-3y); an open one is on hold
	f.now = consentNow.AddDate(-4, 0, 0)
	old := f.addRequest(t, "p000011", consent.ReqAccess, f.now.AddDate(0, 0, -1))
	dpo := f.cs.ConsentActor()
	closed, tr, err := consent.Advance(old, consent.StateDenied, dpo, f.now, "gdpr-12-5-unfounded")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.cs.Store.UpdateRequest(context.Background(), closed, tr); err != nil {
		t.Fatal(err)
	}
	f.now = consentNow
	open := f.addRequest(t, "p000012", consent.ReqAccess, f.now.AddDate(0, 0, -1))

	g := newGovernanceView(f.app, f.cs)
	g.ShowRetention()
	v := g.Retention
	if v.RuleCount() != len(consent.DefaultRetentionRules()) {
		t.Errorf("rules shown %d", v.RuleCount())
	}
	var ids []string
	for _, d := range v.Due() {
		ids = append(ids, d.Item.RecordID)
	}
	if !slices.Contains(ids, "request:"+old.ID) || slices.Contains(ids, "request:"+open.ID) {
		t.Fatalf("due %v", ids)
	}
	if !v.CanApprove() {
		t.Fatal("the DPO cannot approve")
	}
	v.Approve()
	if v.Certificate == nil || v.Certificate.Verify() != nil || v.Certificate.ApprovedBy != dpo.UserID {
		t.Fatalf("certificate %+v", v.Certificate)
	}
	if _, err := f.cs.Store.GetRequest(context.Background(), old.ID); err == nil {
		t.Error("the due request was not deleted")
	}
	if _, err := f.cs.Store.GetRequest(context.Background(), open.ID); err != nil {
		t.Errorf("the open request was touched: %v", err)
	}

	fa := newConsentFixture(t, vault.RoleAdmin, consentNow)
	if newRetentionView(fa.app, fa.uc()).CanApprove() {
		t.Error("an administrator is offered the DPO's approval")
	}
}

func TestMainViewSectionsByRole(t *testing.T) {
	for _, c := range []struct {
		role vault.Role
		want []string
	}{
		{vault.RoleFrontDesk, []string{sectionPatients, sectionRequests, sectionGovernance}},
		{vault.RoleClinician, []string{sectionPatients, sectionGovernance}},
		{vault.RoleDPO, []string{sectionOverview, sectionPatients, sectionRequests, sectionGovernance, sectionResearch, sectionAudit}},
		{vault.RoleResearcher, []string{sectionResearch}},
	} {
		f := newConsentFixture(t, c.role, consentNow)
		f.seed(t)
		m := newMainView(f.app, f.cs)
		got := m.Sections()
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: sections %v, want %v", c.role, got, c.want)
		}
		if c.role == vault.RoleFrontDesk {
			m.Show(sectionRequests)
			if m.Requests() == nil || !m.Requests().Loaded() {
				t.Error("Requests section not loaded when shown")
			}
		}
	}
}

func TestPatientFormOpensConsentPanel(t *testing.T) {
	f := newConsentFixture(t, vault.RoleFrontDesk, consentNow)
	f.seed(t)
	m := newMainView(f.app, f.cs)
	form := m.Patients.Form
	form.New()
	if form.ConsentsOffered() {
		t.Error("consents enabled for an unsaved patient")
	}
	p, _ := f.cs.GetPatient("p000003")
	form.Load(p)
	if !form.ConsentsOffered() {
		t.Fatal("consents button not offered for a stored patient")
	}
	panel := m.openPatientConsents()
	if panel == nil || panel.PatientID() != "p000003" || len(panel.Rows()) == 0 {
		t.Fatalf("panel %+v", panel)
	}
}

// retentionSession is a fake session whose vault lists patient records.
type retentionSession struct {
	*uitest.ConsentSession
	items []consent.RetentionItem
}

func (s retentionSession) RetentionItems() ([]consent.RetentionItem, error) { return s.items, nil }

// TestRetentionListsPatientRecords: the screen lists the patient records
// the vault reports once their period ended, and leaves them to erasure
// requests rather than the DPO's deletion batch.
func TestRetentionListsPatientRecords(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	f.seed(t)
	rule, _ := consent.RuleFor(consent.DefaultRetentionRules(), consent.RecClinical)
	last := consentNow.AddDate(-rule.Years, -rule.Months, -1) // period ended yesterday
	s := retentionSession{ConsentSession: f.cs, items: []consent.RetentionItem{
		{RecordID: "patient:p000021/clinical", SubjectID: "p000021", Category: consent.RecClinical, TriggerAt: last},
		{RecordID: "patient:p000022/clinical", SubjectID: "p000022", Category: consent.RecClinical, TriggerAt: last.AddDate(0, 0, 2)},
		{RecordID: "patient:p000023/clinical", SubjectID: "p000023", Category: consent.RecClinical, TriggerAt: last, Hold: true},
	}}
	v := newRetentionView(f.app, f.app.useCases(s))
	v.Activate()
	var ids []string
	for _, d := range v.Due() {
		ids = append(ids, d.Item.RecordID)
	}
	if !slices.Equal(ids, []string{"patient:p000021/clinical"}) {
		t.Fatalf("due %v", ids)
	}
	if len(v.DeletableItems()) != 0 {
		t.Error("a patient record is offered for the deletion batch")
	}
}

// TestRetentionKeptDataPurgedByTheDPO: data kept after an erasure is due
// from its keep-until date, purged only through the DPO's approved batch,
// with a certificate; an administrator is not offered the purge.
func TestRetentionKeptDataPurgedByTheDPO(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	f.seed(t)
	s := &uitest.KeptSession{ConsentSession: f.cs, Kept: []consent.RetentionItem{
		{RecordID: "kept:p000031", SubjectID: "p000031", Category: consent.RecKept, KeepUntil: consentNow.AddDate(0, 0, -1)},
		{RecordID: "kept:p000032", SubjectID: "p000032", Category: consent.RecKept, KeepUntil: consentNow.AddDate(0, 0, 1)},
	}}
	v := newRetentionView(f.app, f.app.useCases(s))
	v.Activate()
	var kept []string
	for _, d := range v.Due() {
		if d.Item.Category == consent.RecKept {
			kept = append(kept, d.Item.SubjectID)
		}
	}
	if !slices.Equal(kept, []string{"p000031"}) || !v.CanPurge() {
		t.Fatalf("kept due %v, purge offered %v", kept, v.CanPurge())
	}
	v.Purge()
	if !slices.Equal(s.Purged, []string{"p000031"}) || v.Certificate == nil || v.Certificate.Verify() != nil ||
		!strings.Contains(v.Status(), "1 erased patient") {
		t.Fatalf("purged %v, certificate %+v, status %q", s.Purged, v.Certificate, v.Status())
	}
	if len(v.KeptDue()) != 0 {
		t.Errorf("still due after the purge: %+v", v.KeptDue())
	}
	fa := newConsentFixture(t, vault.RoleAdmin, consentNow)
	if newRetentionView(fa.app, fa.app.useCases(&uitest.KeptSession{ConsentSession: fa.cs})).CanPurge() {
		t.Error("an administrator is offered the purge")
	}
}

// TestRetentionRuleEdit: the DPO changes a rule in the form, labels not
// codes are shown, and a bad period is refused naming the field.
func TestRetentionRuleEdit(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	f.seed(t)
	g := newGovernanceView(f.app, f.cs)
	g.ShowRetention()
	v := g.Retention
	row := slices.IndexFunc(v.RuleList(), func(r consent.RetentionRule) bool { return r.ID == "requests-3y" })
	if row < 0 || v.Rules().Cell(row, 0) != "data-subject requests" || !strings.Contains(v.Rules().Cell(row, 2), "end of the year") {
		t.Fatalf("rule row %d: %q %q", row, v.Rules().Cell(max(row, 0), 0), v.Rules().Cell(max(row, 0), 2))
	}
	v.EditRule(row)
	form := v.RuleForm
	form.Set(0, 0, true, "synthetic")
	form.Submit()
	if !strings.Contains(form.Problem(), "years") {
		t.Fatalf("zero period: %q", form.Problem())
	}
	form.Set(4, 6, true, "synthetic: practice policy")
	form.Submit()
	if form.Problem() != "" {
		t.Fatal(form.Problem())
	}
	rules, err := f.cs.Store.ListRetentionRules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rules, func(r consent.RetentionRule) bool { return r.ID == "requests-3y" })
	if r := rules[i]; r.Years != 4 || r.Months != 6 || !r.YearEnd || r.LegalSource != "synthetic: practice policy" || r.Version != 2 || r.Country != "DE" {
		t.Errorf("stored %+v", r)
	}
}

// TestRetentionRuleDelete: the DPO deletes a stored rule from its form
// (use case DeleteRetentionRule); a front-desk user cannot open the form.
func TestRetentionRuleDelete(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	f.seed(t)
	g := newGovernanceView(f.app, f.cs)
	g.ShowRetention()
	v := g.Retention
	row := slices.IndexFunc(v.RuleList(), func(r consent.RetentionRule) bool { return r.ID == "requests-3y" })
	if row < 0 {
		t.Fatal("no requests-3y rule")
	}
	v.EditRule(row)
	v.RuleForm.Delete()
	if p := v.RuleForm.Problem(); p != "" {
		t.Fatal(p)
	}
	rules, err := f.cs.Store.ListRetentionRules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(rules, func(r consent.RetentionRule) bool { return r.ID == "requests-3y" }) {
		t.Fatal("rule still stored after Delete")
	}
	if !strings.Contains(v.Status(), "deleted") {
		t.Errorf("status %q", v.Status())
	}
}
