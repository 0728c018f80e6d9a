package vault

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"custodia/consent"
)

// finalRules are erasureRules with consents kept 3 years from the erasure.
func finalRules() []consent.RetentionRule {
	return append(erasureRules(), consent.RetentionRule{ID: "consents-3y", Category: consent.RecConsents, Years: 3,
		Trigger: consent.TriggerClosed, Exception: "e", OnExpiry: consent.ActErase, LegalSource: "synthetic: proof of consent"})
}

// TestErasureIsFinal: after an executed erasure no purpose allows anything
// (reason "erased"), nothing is due for renewal, no receipt is issued, the
// patient's other open requests are closed with the reason recorded, new
// ones (but access) and new ledger events are refused, and the certificate
// counts the rows that stay, dated as the retention list dates them, naming
// the approver and the practice.
func TestErasureIsFinal(t *testing.T) {
	f := newDSRFixture(t)
	ctl := consent.Controller{Name: "Synthetic Practice", Address: "1 Example Street", Country: "DE", Email: "dpo@example.org",
		Phone: "+49 30 0000", DPOContact: "Data Protection Officer <dpo@example.org>"}
	must(t, f.admin.SetPractice(ctl))
	grant := f.grantStudy(t, "ev-1")
	f.disclose(t, "dis-1", "institute", time.Now().Add(-time.Hour))
	openRect := f.request(t, f.admin, consent.ReqRectification, false)
	openRestr := f.request(t, f.admin, consent.ReqRestriction, true)
	r := f.request(t, f.admin, consent.ReqErasure, true)
	plan := f.approvedPlan(t, r, finalRules())
	if _, err := f.admin.ExecuteErasure(plan); err != nil {
		t.Fatal(err)
	}
	f.complete(t, r)
	now := time.Now()

	ix, err := consent.LoadIndex(bg, f.cs)
	must(t, err)
	checkAllErased(t, ix, f.p.ID, now)
	for _, d := range ix.DueForRenewal(100*365*24*time.Hour, now) {
		if d.PatientID == f.p.ID {
			t.Errorf("erased patient due for renewal: %+v", d)
		}
	}
	ledger, err := f.cs.ListEvents(bg, consent.EventFilter{PatientID: f.p.ID})
	must(t, err)
	_, err = consent.NewReceipt(ix.Catalogue(), consent.ReceiptInput{Controller: ctl, Jurisdiction: "DE", PolicyURL: "https://example.org/p",
		Language: "en", Service: "Care", Events: []consent.Event{grant}, Ledger: ledger})
	var ee *consent.ErasedError
	if !errors.As(err, &ee) || ee.RequestID != r.ID {
		t.Errorf("receipt after erasure: %v", err)
	}
	checkRequestsClosed(t, f, r.ID, openRect.ID, openRestr.ID)
	checkRefusedAfterErasure(t, f, r.ID)
	checkFinalCertificate(t, f, ix, plan, ledger, ctl, now)
}

// checkAllErased: every purpose, recipient and category says "erased".
func checkAllErased(t *testing.T, ix *consent.Index, patient string, now time.Time) {
	t.Helper()
	n := 0
	for _, p := range ix.Catalogue().Purposes() {
		recipients := []string{""}
		for _, rc := range p.Recipients {
			recipients = append(recipients, rc.ID)
		}
		for _, rc := range recipients {
			for _, c := range append([]string{""}, p.DataCategories...) {
				n++
				if d := ix.Allowed(patient, p.ID, rc, c, now); d.Allowed || d.Reason != consent.ReasonErased {
					t.Errorf("%s/%s/%s after erasure: %+v", p.ID, rc, c, d)
				}
			}
		}
	}
	if n < 5 {
		t.Fatalf("only %d questions asked", n)
	}
	for _, s := range ix.Status(patient, now) {
		if s.Status != string(consent.Erased) {
			t.Errorf("grant %s is %s after erasure", s.GrantID, s.Status)
		}
	}
}

func checkRequestsClosed(t *testing.T, f *dsrFixture, erasureID string, others ...string) {
	t.Helper()
	reqs, err := f.cs.ListRequests(bg, consent.RequestFilter{SubjectID: f.p.ID})
	must(t, err)
	for _, q := range reqs {
		switch {
		case q.Open():
			t.Errorf("request %s still %s", q.ID, q.State)
		case slices.Contains(others, q.ID) && (q.State != consent.StateClosed || q.ClosedReason != "subject-erased:"+erasureID):
			t.Errorf("request %s closed as %s (%q)", q.ID, q.State, q.ClosedReason)
		}
	}
	for _, id := range others {
		ts, err := f.cs.ListTransitions(bg, id)
		must(t, err)
		if last := ts[len(ts)-1]; last.Action != consent.ActionCloseErased || last.To != consent.StateClosed {
			t.Errorf("request %s: last transition %+v", id, last)
		}
	}
}

func checkRefusedAfterErasure(t *testing.T, f *dsrFixture, erasureID string) {
	t.Helper()
	a, now := f.admin.ConsentActor(), time.Now()
	for _, typ := range []consent.RequestType{consent.ReqObjection, consent.ReqRectification, consent.ReqAccess} {
		in := consent.Intake{SubjectID: f.p.ID, Type: typ, Channel: consent.ChannelLetter, ReceivedAt: now, Requester: requesterName,
			RequesterRelation: consent.RelSelf, PurposeID: dsrStudy.ID}
		q, err := consent.NewRequest(in, nil, a, now)
		must(t, err)
		_, err = f.cs.CreateRequest(bg, q, consent.Created(q, a, now))
		var ee *consent.ErasedError
		if typ == consent.ReqAccess {
			if err != nil {
				t.Errorf("access request after erasure: %v", err)
			}
			continue
		}
		if !errors.As(err, &ee) || !errors.Is(err, consent.ErrErased) || ee.RequestID != erasureID {
			t.Errorf("%s request after erasure: %v", typ, err)
		}
	}
	g := consent.Event{ID: "ev-late", Type: consent.Granted, PatientID: f.p.ID, PurposeID: dsrStudy.ID, Time: now,
		RecordedBy: f.admin.User().ID, Method: consent.MethodPaper, TextLanguage: "en", TextVersion: 1, TextSHA256: f.text.SHA256}
	if err := f.cs.AppendEvents(bg, g); !errors.Is(err, consent.ErrErased) {
		t.Errorf("grant after erasure: %v", err)
	}
	other := mustAdd(t, f.admin, fakePatient(rand.New(rand.NewPCG(9, 9)), 9))
	if err := f.cs.AppendEvents(bg, consent.Erase(other.ID, erasureID, f.admin.User().ID, now)); !errors.Is(err, consent.ErrInvalid) {
		t.Errorf("appending an erased event by hand: %v", err)
	}
}

// checkFinalCertificate: counts equal the rows that stay, keep-until dates
// equal those of the retention list (built as "retention due" builds it),
// the approver is named with role, the practice is on it.
func checkFinalCertificate(t *testing.T, f *dsrFixture, ix *consent.Index, plan consent.ErasurePlan, ledger []consent.Event, ctl consent.Controller, now time.Time) {
	t.Helper()
	certs, err := f.cs.ListCertificates(bg)
	must(t, err)
	i := slices.IndexFunc(certs, func(c consent.Certificate) bool { return c.PlanID == plan.ID })
	if i < 0 {
		t.Fatal("no certificate")
	}
	c := certs[i]
	must(t, c.Verify())
	if c.ApproverName != TestAdminName || c.ApproverRole != consent.RoleAdmin || c.Controller == nil || *c.Controller != ctl {
		t.Errorf("certificate names %q (%q), controller %+v", c.ApproverName, c.ApproverRole, c.Controller)
	}
	reqs, err := f.cs.ListRequests(bg, consent.RequestFilter{SubjectID: f.p.ID})
	must(t, err)
	reqs = slices.DeleteFunc(reqs, func(q consent.Request) bool { return q.ReceivedAt.After(plan.ApprovedAt) }) // the later access request
	var items []consent.RetentionItem
	for _, q := range reqs {
		items = append(items, consent.RetentionItem{RecordID: "request:" + q.ID, Category: consent.RecRequests, TriggerAt: q.ClosedAt})
	}
	byID := map[string]consent.Event{}
	for _, e := range ledger {
		byID[e.ID] = e
	}
	for _, s := range ix.Status(f.p.ID, now) {
		items = append(items, consent.RetentionItem{RecordID: "consent:" + s.GrantID, Category: consent.RecConsents, TriggerAt: byID[s.EndedBy].Time})
	}
	due := consent.DueForDeletion(items, finalRules(), now.AddDate(50, 0, 0))
	for cat, rows := range map[consent.RecordCategory]int{consent.RecConsents: len(ledger), consent.RecRequests: len(reqs)} {
		kept, ok := c.Kept(cat)
		if !ok || kept.Records != rows {
			t.Errorf("%s: certificate %+v, %d rows stay", cat, kept, rows)
			continue
		}
		var latest time.Time
		for _, d := range due {
			if d.Item.Category == cat && d.DueSince.After(latest) {
				latest = d.DueSince
			}
		}
		if !latest.Equal(kept.KeepUntil) {
			t.Errorf("%s kept until %s on the certificate, %s on the retention list", cat, kept.KeepUntil, latest)
		}
	}
}
