package requests

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/printdoc"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/widget"
)

func TestRequestQueueColoursFollowTheClock(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	// consentNow is Monday 16 March 2026; every counted day below is a
	// working day (Sunday 15 March is tested in TestQueueWeekendIsNotOverdue).
	for i, left := range []int{-3, -4, 0, 7, 8, 20} {
		f.addRequest(t, synthPatient(i).ID, consent.ReqAccess, receivedFor(left))
	}
	v.Activate()
	shown := v.Shown()
	if len(shown) != 6 {
		t.Fatalf("shown %d requests, want 6", len(shown))
	}
	want := map[consent.Clock]widget.Importance{consent.ClockRed: widget.DangerImportance,
		consent.ClockAmber: widget.WarningImportance, consent.ClockGreen: widget.SuccessImportance}
	seen := map[consent.Clock]int{}
	for i, r := range shown {
		c := r.Clock(f.now) // the oracle: consent.Clock
		seen[c]++
		if got := v.rowClock(i); got != want[c] {
			t.Errorf("row %d (%d days left, clock %s): importance %v, want %v", i, r.DaysLeft(f.now), c, got, want[c])
		}
		if i > 0 && shown[i-1].Due().After(r.Due()) {
			t.Errorf("row %d is due before row %d", i, i-1)
		}
	}
	if seen[consent.ClockRed] != 2 || seen[consent.ClockAmber] != 2 || seen[consent.ClockGreen] != 2 {
		t.Errorf("clocks %v, want 2 red (overdue), 2 amber (0 and 7 days), 2 green (8 and 20 days)", seen)
	}
	v.SetFilter(QueueFilter{State: FilterOpen, OverdueOnly: true})
	if len(v.Shown()) != 2 {
		t.Fatalf("overdue only: %d rows", len(v.Shown()))
	}
	for i := range v.Shown() {
		if v.rowClock(i) != widget.DangerImportance || !strings.Contains(v.table.Cell(i, 0), "overdue") {
			t.Errorf("overdue row %d: %q", i, v.table.Cell(i, 0))
		}
	}
	v.SetFilter(QueueFilter{Type: consent.ReqErasure, State: FilterAll})
	if len(v.Shown()) != 0 {
		t.Errorf("erasure filter shows %d access requests", len(v.Shown()))
	}
}

func TestFilterRequestsByState(t *testing.T) {
	open := consent.Request{ID: "a", State: consent.StateReceived, Type: consent.ReqAccess, ReceivedAt: consentNow}
	done := consent.Request{ID: "b", State: consent.StateCompleted, Type: consent.ReqAccess, ReceivedAt: consentNow}
	all := []consent.Request{done, open}
	for _, c := range []struct {
		state string
		want  []string
	}{{FilterOpen, []string{"a"}}, {FilterAll, []string{"a", "b"}}, {string(consent.StateCompleted), []string{"b"}}} {
		var ids []string
		for _, r := range filterRequests(all, QueueFilter{State: c.state}, consentNow) {
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, ",") != strings.Join(c.want, ",") {
			t.Errorf("state %s: %v, want %v", c.state, ids, c.want)
		}
	}
}

func TestFrontDeskSeesNoDecisionButtons(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleFrontDesk)
	r := f.addRequest(t, "p000002", consent.ReqErasure, consentNow.AddDate(0, 0, -3), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	b := v.Detail.buttons()
	for _, name := range []string{"Complete", "Deny", "Extend"} {
		if _, ok := b[name]; ok {
			t.Errorf("front desk sees %s", name)
		}
	}
	if _, ok := b["Verify identity"]; !ok {
		t.Errorf("front desk lacks Verify identity: %v", b)
	}
	if !v.newBtn.Visible() {
		t.Error("front desk cannot take in requests")
	}

	f2, v2 := newTestQueue(t, vault.RoleDPO)
	r2 := f2.addRequest(t, "p000002", consent.ReqErasure, consentNow.AddDate(0, 0, -3), "verify", "start")
	v2.Activate()
	v2.Show(r2.ID)
	b2 := v2.Detail.buttons()
	if !b2["Complete"] || !b2["Deny"] || !b2["Extend"] || b2["Start"] {
		t.Errorf("DPO buttons for a request in progress: %v", b2)
	}
}

func TestWorkflowButtonsFollowTheStateMachine(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000003", consent.ReqAccess, consentNow.AddDate(0, 0, -2))
	v.Activate()
	v.Show(r.ID)
	d := v.Detail
	if b := d.buttons(); b["Start"] || b["Complete"] || !b["Verify identity"] {
		t.Fatalf("received: %v", b)
	}
	d.Verify(consent.VerifyIDDocument, true)
	if d.Request().State != consent.StateVerifying {
		t.Fatalf("after verify: %s", d.Request().State)
	}
	if b := d.buttons(); !b["Start"] || b["Complete"] || b["Verify identity"] {
		t.Fatalf("verifying (identity confirmed, nothing left to verify): %v", b)
	}
	d.Start()
	d.Extend(consent.ExtensionNotice{Months: 2, Reason: "records held in the archive need retrieval", ToldAt: consentNow, ToldVia: consent.ChannelEmail})
	got := d.Request()
	if got.State != consent.StateInProgress || got.Extension == nil || got.Due().Format(kit.DateLayout) != "2026-06-15" /* due Tue 14 Apr + 2 months = Sun 14 Jun → Mon 15 Jun */ {
		t.Fatalf("after start and extend: %s, %+v, due %s", got.State, got.Extension, got.Due())
	}
	if b := d.buttons(); b["Extend"] || !b["Complete"] {
		t.Errorf("extended once, in progress: %v", b)
	}
	if d.history.Len() != 4 {
		t.Errorf("history rows %d, want create, verify, transition, extend", d.history.Len())
	}
}

func TestDenyRequiresAGround(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000004", consent.ReqErasure, consentNow.AddDate(0, 0, -1))
	v.Activate()
	v.Show(r.ID)
	d := v.Detail
	d.Deny("") // straight to the domain: refused
	if d.Request().State != consent.StateReceived {
		t.Fatalf("denied without a ground: %s", d.Request().State)
	}
	d.OpenDeny()
	form := d.DenyForm
	if form.CanConfirm() {
		t.Fatal("Deny enabled before a ground is chosen")
	}
	for _, g := range form.Grounds() {
		if g.Applies != nil && !containsType(g.Applies, consent.ReqErasure) {
			t.Errorf("ground %s offered for an erasure", g.Code)
		}
	}
	form.Choose("gdpr-17-3-b-legal-obligation")
	if !form.CanConfirm() {
		t.Fatal("Deny disabled with a ground")
	}
	form.Submit()
	got := d.Request()
	if got.State != consent.StateDenied || got.DenialGround != "gdpr-17-3-b-legal-obligation" {
		t.Fatalf("after deny: %s %q", got.State, got.DenialGround)
	}
	if b := d.buttons(); b["Deny"] || b["Complete"] || b["Verify identity"] {
		t.Errorf("closed request still offers steps: %v", b)
	}
}

func TestIntakeWarnsAboutDuplicates(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleFrontDesk)
	f.addRequest(t, "p000005", consent.ReqAccess, consentNow.AddDate(0, 0, -5))
	v.Activate()
	v.OpenIntake()
	in := v.Intake
	in.SetIntake("p000005", consent.ReqAccess, consent.ChannelEmail, consentNow.Format(kit.DateLayout))
	in.Submit()
	if !in.DuplicateShown() || in.Created != nil {
		t.Fatalf("duplicate not reported (created %v, problem %q)", in.Created, in.Problem())
	}
	reqs, _ := f.cs.Store.ListRequests(context.Background(), consent.RequestFilter{})
	if len(reqs) != 1 {
		t.Fatalf("%d requests stored before confirming", len(reqs))
	}
	in.AcceptDuplicate()
	in.Submit()
	if in.Created == nil {
		t.Fatalf("not recorded after confirming: %q", in.Problem())
	}
	if len(v.Shown()) != 2 || v.Detail == nil || v.Detail.Request().ID != in.Created.ID {
		t.Errorf("queue %d rows, detail %v", len(v.Shown()), v.Detail)
	}
}

func TestIntakeChecksFields(t *testing.T) {
	_, v := newTestQueue(t, vault.RoleFrontDesk)
	v.OpenIntake()
	in := v.Intake
	in.SetIntake("p000006", consent.ReqObjection, consent.ChannelDesk, "16.03.2026")
	in.relation.SetSelected(consent.RelParent)
	in.Submit()
	for _, want := range []string{"received on", "requester", "purpose"} {
		if !strings.Contains(strings.ToLower(in.Problem()), want) {
			t.Errorf("problem %q lacks %q", in.Problem(), want)
		}
	}
	in.SetIntake("nobody", consent.ReqAccess, consent.ChannelDesk, consentNow.Format(kit.DateLayout))
	in.relation.SetSelected(consent.RelSelf)
	in.Submit()
	if in.Created != nil || !strings.Contains(in.Problem(), "no longer exists") {
		t.Errorf("unknown patient accepted: %q", in.Problem())
	}
}

func TestErasureDialogShowsPlanBeforeExecuting(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	f.cs.Facts = consent.ErasureFacts{Present: []consent.RecordCategory{consent.RecIdentity, consent.RecContact,
		consent.RecClinical, consent.RecConsents}, Triggers: map[consent.Trigger]time.Time{consent.TriggerCreated: consentNow.AddDate(-5, 0, 0)}}
	r := f.addRequest(t, "p000007", consent.ReqErasure, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	d := v.Detail
	d.Complete()
	e := d.Erasure
	if e == nil {
		t.Fatal("no erasure dialog")
	}
	if !strings.Contains(e.Problem(), "last treatment") || e.canExecute() || len(e.Items()) != 0 {
		t.Fatalf("without a last-treatment date: problem %q, items %d", e.Problem(), len(e.Items()))
	}
	e.SetLastTreatment("2024-05-02")
	e.Plan()
	items := e.Items()
	actions := map[consent.Action]int{}
	for _, it := range items {
		actions[it.Action]++
		switch it.Action {
		case consent.ActKeep:
			if it.Basis == "" || it.LegalSource == "" || !it.KeepUntil.After(f.now) {
				t.Errorf("kept %s without basis or future keep-until: %+v", it.Category, it)
			}
		case consent.ActErase:
			if !it.KeepUntil.IsZero() {
				t.Errorf("erased %s has a keep-until", it.Category)
			}
		}
	}
	if len(items) != 4 || actions[consent.ActKeep] == 0 || actions[consent.ActErase] == 0 {
		t.Fatalf("plan %+v", items)
	}
	if e.items.Len() != len(items) {
		t.Errorf("table shows %d of %d items", e.items.Len(), len(items))
	}
	if e.canExecute() {
		t.Fatal("execute enabled before the review box is ticked")
	}
	e.Execute()
	if len(f.cs.Executed) != 0 {
		t.Fatal("executed without confirmation")
	}
	e.Confirm(true)
	if !e.canExecute() {
		t.Fatal("execute disabled after confirmation")
	}
	e.Execute()
	if len(f.cs.Executed) != 1 || f.cs.Executed[0].ApprovedBy != "u-dpo" {
		t.Fatalf("executed %+v", f.cs.Executed)
	}
	if e.Certificate == nil || e.Certificate.Verify() != nil || e.Certificate.Count(consent.ActKeep) != actions[consent.ActKeep] {
		t.Fatalf("certificate %+v", e.Certificate)
	}
	if d.Request().State != consent.StateCompleted {
		t.Errorf("request %s after erasure", d.Request().State)
	}
	if e.canExecute() {
		t.Error("execute still enabled after the erasure")
	}
	var sb strings.Builder
	if err := usecase.CertificateHTML(*e.Certificate, e.env.Loc)(&sb); err != nil || !strings.Contains(sb.String(), e.Certificate.SHA256) {
		t.Errorf("certificate page: %v", err)
	}
}

func TestAccessPackageNeedsConfirmedPassphrase(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000008", consent.ReqAccess, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	p := v.Detail.Package
	p.SetPassphrase("Orchard-Violin-Harbour-93", "Orchard-Violin-Harbour-9")
	if p.canSave() {
		t.Fatal("save enabled with differing entries")
	}
	p.SetPassphrase("Orchard-Violin-Harbour-93", "Orchard-Violin-Harbour-93")
	if !p.canSave() {
		t.Fatal("save disabled with a strong confirmed passphrase")
	}
	var sb strings.Builder
	if err := p.writePackage(&sb); err != nil {
		t.Fatal(err)
	}
	if len(f.cs.Packages) != 1 || f.cs.Packages[0].Passphrase != "Orchard-Violin-Harbour-93" || f.cs.Packages[0].Controller.Name == "" {
		t.Fatalf("package recipient %+v", f.cs.Packages)
	}
	if pages, ok := f.cs.Packages[0].Pages.(printdoc.AccessPages); !ok || pages.Loc == nil {
		t.Errorf("the package's pages are not worded in a language: %#v", f.cs.Packages[0].Pages)
	}
}

func TestRestrictionCompletes(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000009", consent.ReqRestriction, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.CompleteWith("done", usecase.Work{})
	if !f.cs.Restricted["p000009"] || v.Detail.Request().State != consent.StateCompleted {
		t.Fatalf("restricted %v, state %s", f.cs.Restricted, v.Detail.Request().State)
	}
	if !v.Detail.buttons()["Lift restriction"] {
		t.Fatalf("no lift for a completed restriction: %v", v.Detail.buttons())
	}
	f.now = f.now.Add(time.Hour)
	v.Detail.liftRestriction()
	if f.cs.Restricted["p000009"] || v.Detail.Request().LiftedAt.IsZero() {
		t.Fatalf("after lifting: restricted %v, request %+v", f.cs.Restricted, v.Detail.Request())
	}
	if _, ok := v.Detail.buttons()["Lift restriction"]; ok {
		t.Error("lift offered twice")
	}
	// a failing vault step leaves the request open
	r2 := f.addRequest(t, "p000010", consent.ReqRestriction, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Show(r2.ID)
	f.cs.FailRestrict = vault.ErrRestricted
	v.Detail.CompleteWith("done", usecase.Work{})
	if got, _ := f.cs.Store.GetRequest(context.Background(), r2.ID); got.State != consent.StateInProgress {
		t.Errorf("state %s after a failed step", got.State)
	}
}

func TestIntakeFindsThePatient(t *testing.T) {
	_, v := newTestQueue(t, vault.RoleFrontDesk)
	v.OpenIntake()
	in := v.Intake
	in.find.SetText("T-000007")
	in.Find()
	if in.Subject() != "p000007" {
		t.Fatalf("subject %q after finding by record number; options %v", in.Subject(), in.matches.Options)
	}
}

// TestErasureDialogPrefillsLastTreatment: when the vault reports the last
// treatment, the dialog plans from it at once and shows its date.
func TestErasureDialogPrefillsLastTreatment(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	last := time.Date(2024, 5, 2, 9, 30, 0, 0, time.UTC)
	f.cs.Facts = consent.ErasureFacts{Present: []consent.RecordCategory{consent.RecIdentity, consent.RecClinical},
		Triggers: map[consent.Trigger]time.Time{consent.TriggerCreated: last.AddDate(-3, 0, 0), consent.TriggerLastTreatment: last}}
	r := f.addRequest(t, "p000008", consent.ReqErasure, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	e := v.Detail.Erasure
	if e == nil {
		t.Fatal("no erasure dialog")
	}
	if want := testLoc().Date(last.In(time.Local)); e.lastTreatment.Text != want || e.Problem() != "" {
		t.Fatalf("last treatment %q (want %q), problem %q", e.lastTreatment.Text, want, e.Problem())
	}
	rules, err := v.uc.Store().ListRetentionRules(v.uc.Context())
	if err != nil {
		t.Fatal(err)
	}
	rule, _ := consent.RuleFor(rules, consent.RecClinical)
	i := slices.IndexFunc(e.Items(), func(it consent.PlanItem) bool { return it.Category == consent.RecClinical })
	if i < 0 || !e.Items()[i].KeepUntil.Equal(rule.KeepUntil(last)) {
		t.Fatalf("plan %+v, want clinical kept until %s", e.Items(), rule.KeepUntil(last))
	}
}

// TestQueueWeekendIsNotOverdue: a month that ended on Sunday 15 March ends
// on Monday 16 March (Regulation 1182/71 Art. 3(4)): on that Monday the
// queue shows "due today" in amber, not red, and says why.
func TestQueueWeekendIsNotOverdue(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, synthPatient(0).ID, consent.ReqAccess, time.Date(2026, 2, 15, 9, 0, 0, 0, time.Local))
	v.Activate()
	if len(v.Shown()) != 1 || v.Shown()[0].ID != r.ID {
		t.Fatalf("shown %d", len(v.Shown()))
	}
	if v.rowClock(0) != widget.WarningImportance || v.table.Cell(0, 0) != "● due today" {
		t.Errorf("deadline cell %q, importance %v", v.table.Cell(0, 0), v.rowClock(0))
	}
	col := slices.Index(v.Columns(), "Due")
	if col < 0 || v.table.Cell(0, col) != "16 Mar 2026" {
		t.Errorf("columns %v, due %q", v.Columns(), v.table.Cell(0, max(col, 0)))
	}
	// Monday is the last lawful day: the DPO may still extend.
	v.Show(r.ID)
	if due := v.Detail.factVals["Due"].Text; !strings.Contains(due, "Sun 15 Mar → Mon 16 Mar (weekend)") {
		t.Errorf("the detail does not say why the date moved: %q", due)
	}
	if b := v.Detail.buttons(); !b["Extend"] {
		t.Errorf("extension refused on the last lawful day: %v", b)
	}
}
