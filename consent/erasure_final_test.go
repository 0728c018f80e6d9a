package consent

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// TestErasedEndsEverything: an Erased event ends every grant, Allowed says
// "erased" for every purpose (consent-based or not) from then on and not
// before, nothing is due or lapsed, and the index refuses later events.
func TestErasedEndsEverything(t *testing.T) {
	cat := defaults(t)
	t0 := day(2026, 3, 1)
	var events []Event
	for i, p := range cat.Purposes() {
		if p.ConsentRequired && !p.Retired {
			events = append(events, grant(t, cat, "g-"+string(rune('a'+i)), "pat-1", p.ID, t0))
		}
	}
	er := Erase("pat-1", "req-9", "user-1", t0.AddDate(0, 2, 0))
	if err := cat.CheckEvent(er); err != nil {
		t.Fatalf("erased event: %v", err)
	}
	ix := mustIndex(t, cat, append(events, er), nil)
	for _, p := range cat.Purposes() {
		for _, c := range append([]string{""}, p.DataCategories...) {
			before := ix.Allowed("pat-1", p.ID, "", c, er.Time.Add(-time.Second))
			after := ix.Allowed("pat-1", p.ID, "", c, er.Time)
			if before.Reason == ReasonErased || after.Allowed || after.Reason != ReasonErased || after.EventID != "req-9" {
				t.Errorf("%s/%s: before %+v, after %+v", p.ID, c, before, after)
			}
		}
	}
	// The bulk decision follows the same rule.
	for _, p := range cat.Purposes() {
		q := Query{PurposeID: p.ID, At: er.Time}
		if d := ix.AllowedMany([]string{"pat-1"}, q); d[0].Allowed || d[0].Reason != ReasonErased {
			t.Errorf("bulk %s after erasure: %+v", p.ID, d[0])
		}
		if ids := ix.AllowedPatients([]string{"pat-1"}, q); len(ids) != 0 {
			t.Errorf("bulk %s allows the erased patient", p.ID)
		}
	}
	for _, s := range ix.Status("pat-1", er.Time) {
		if s.Status != string(Erased) || s.EndedBy != er.ID {
			t.Errorf("grant %s: %+v", s.GrantID, s)
		}
	}
	if due := ix.DueForRenewal(50*365*24*time.Hour, er.Time); len(due) != 0 {
		t.Errorf("due after erasure: %+v", due)
	}
	if l := ix.Lapsed("user-1", t0.AddDate(20, 0, 0)); len(l) != 0 {
		t.Errorf("lapsed after erasure: %+v", l)
	}
	late := grant(t, cat, "g-late", "pat-1", events[0].PurposeID, er.Time.Add(time.Hour))
	if err := ix.Add(late); !errors.Is(err, ErrErased) {
		t.Errorf("grant after erasure: %v", err)
	}
	if err := CheckNotErased(append(events, er), "pat-1"); !errors.Is(err, ErrErased) {
		t.Errorf("CheckNotErased: %v", err)
	}
	bad := er
	bad.PurposeID = events[0].PurposeID
	if err := cat.CheckEvent(bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("erased event with a purpose: %v", err)
	}
}

// TestErasureBlockFromRequest: a completed erasure request without a
// ledger event (erased before this version) blocks the same way.
func TestErasureBlockFromRequest(t *testing.T) {
	cat := defaults(t)
	t0 := day(2026, 3, 1)
	var g Event
	for _, p := range cat.Purposes() {
		if p.ConsentRequired && !p.Retired {
			g = grant(t, cat, "g-1", "pat-1", p.ID, t0)
			break
		}
	}
	r := Request{ID: "req-1", SubjectID: "pat-1", Type: ReqErasure, State: StateCompleted, ClosedAt: t0.AddDate(0, 1, 0)}
	ix := mustIndex(t, cat, []Event{g}, BlocksFromRequests([]Request{r}))
	if d := ix.Allowed("pat-1", g.PurposeID, "", "", r.ClosedAt); d.Allowed || d.Reason != ReasonErased {
		t.Errorf("after a completed erasure request: %+v", d)
	}
	if s := ix.Status("pat-1", r.ClosedAt); len(s) != 1 || s[0].Status != string(Erased) {
		t.Errorf("status: %+v", s)
	}
}

// TestCertificateDetails: approver and issuer by name and role and the
// practice are stored, and the seal covers them (printdoc's certificate
// page shows them).
func TestCertificateDetails(t *testing.T) {
	plan := ErasurePlan{ID: "plan-1", RequestID: "req-1", SubjectID: "pat-1", ApprovedBy: "u-1", ApprovedAt: day(2026, 5, 1),
		Items: []PlanItem{{Category: RecConsents, Action: ActKeep, Basis: "GDPR Art. 17(3)(e)", KeepUntil: day(2029, 5, 1)}}}
	c, err := ErasureCertificate(plan, []ExecutionResult{{Category: RecConsents, Action: ActKeep, Records: 3, Note: "ledger events stay"}},
		Actor{UserID: "u-1", Role: RoleDPO}, day(2026, 5, 1))
	must(t, err)
	if _, err := c.WithDetails(CertificateDetails{ApproverRole: RoleDPO}); !errors.Is(err, ErrInvalid) {
		t.Errorf("certificate without names: %v", err)
	}
	c, err = c.WithDetails(CertificateDetails{ApproverName: "dr-synthetic", ApproverRole: RoleDPO, IssuerName: "dr-synthetic",
		IssuerRole: RoleDPO, Controller: practice})
	must(t, err)
	must(t, c.Verify())
	if c.ApproverRole != RoleDPO || c.IssuerRole != RoleDPO {
		t.Errorf("certificate stores roles %q, %q, not their codes", c.ApproverRole, c.IssuerRole)
	}
	c.ApproverName = "someone-else"
	if err := c.Verify(); !errors.Is(err, ErrInvalid) {
		t.Errorf("changed approver name verifies: %v", err)
	}
}

// A certificate sealed before certificates stored role codes holds the
// English role name: it still verifies (its stored text is not changed),
// and RoleCode gives the code the English name stands for, through which
// the pages name the role as for a new one (issue 10).
func TestOldCertificateRoleNames(t *testing.T) {
	plan := ErasurePlan{ID: "plan-1", RequestID: "req-1", SubjectID: "pat-1", ApprovedBy: "u-1", ApprovedAt: day(2026, 5, 1),
		Items: []PlanItem{{Category: RecConsents, Action: ActKeep, Basis: "GDPR Art. 17(3)(e)", KeepUntil: day(2029, 5, 1)}}}
	c, err := ErasureCertificate(plan, []ExecutionResult{{Category: RecConsents, Action: ActKeep, Records: 3}},
		Actor{UserID: "u-1", Role: RoleDPO}, day(2026, 5, 1))
	must(t, err)
	for code, name := range map[string]string{RoleAdmin: "administrator", RoleDPO: "data protection officer",
		RoleFrontDesk: "front desk", RoleClinician: "clinician", RoleResearcher: "researcher"} {
		old := c
		old.ApproverName, old.ApproverRole, old.IssuerName, old.IssuerRole = "dr-synthetic", name, "desk-synthetic", name
		old = old.seal() // as WithDetails sealed it then
		stored, err := old.JSON()
		must(t, err)
		var back Certificate
		must(t, json.Unmarshal(stored, &back))
		must(t, back.Verify())
		if back.ApproverRole != name || RoleCode(back.ApproverRole) != code {
			t.Errorf("%s: stored %q reads as %q", code, back.ApproverRole, RoleCode(back.ApproverRole))
		}
	}
	if RoleCode("auditor") != "auditor" {
		t.Error("an unknown role is not kept as stored")
	}
}
