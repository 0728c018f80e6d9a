package app_test

import (
	"strings"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
)

// TestRetentionOfErasedPatientsConsents: a patient grants recall, withdraws
// it, grants it again and is then erased through a completed request (no
// ledger event). Both grants stay as proof of consent and are dated when
// the consent ended: the withdrawn one at its withdrawal, the one still in
// force at the erasure; never the zero time. Their due dates are what the
// consents rule gives for those dates.
func TestRetentionOfErasedPatientsConsents(t *testing.T) {
	now := t0
	_, s, vs := newVaultAt(t, func() time.Time { return now })
	p := addPatient(t, vs, "Consent")
	grantRecall := func() consent.Event {
		t.Helper()
		e, err := s.GrantConsent(app.Grant{Language: "en", Event: consent.Event{PatientID: p.ID, PurposeID: "recall", Method: consent.MethodPaper}})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	first := grantRecall()
	now = t0.AddDate(0, 0, 1)
	withdrawnAt := now
	if _, err := s.WithdrawConsent(p.ID, "recall", "", consent.MethodVerbal); err != nil {
		t.Fatal(err)
	}
	now = t0.AddDate(0, 0, 2)
	second := grantRecall()
	now = t0.AddDate(0, 3, 0) // next year: the two ends count from different year-ends
	erasedAt := now
	r := openVerified(t, s, p.ID, consent.ReqErasure)
	plan, err := s.PlanErasure(r, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ExecuteErasure(r, plan.ErasurePlan); err != nil {
		t.Fatal(err)
	}
	rules, err := s.Store().ListRetentionRules(s.Context())
	if err != nil {
		t.Fatal(err)
	}
	rule, ok := consent.RuleFor(rules, consent.RecConsents)
	if !ok {
		t.Fatal("no retention rule for consent records")
	}
	want := map[string]time.Time{"consent:" + first.ID: withdrawnAt, "consent:" + second.ID: erasedAt}
	if withdrawnAt.Year() == erasedAt.Year() {
		t.Fatal("fixture: withdrawal and erasure must fall in different years")
	}

	// Long after both periods ended, both consent records are due.
	now = rule.KeepUntil(erasedAt).AddDate(0, 1, 0)
	rt, err := s.RetentionDue()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	for _, it := range rt.Items {
		if it.TriggerAt.IsZero() && it.KeepUntil.IsZero() {
			t.Errorf("item %s (%s) has no trigger date", it.RecordID, it.Category)
		}
		if it.Category == consent.RecConsents {
			got[it.RecordID] = it.TriggerAt
		}
	}
	for id, at := range want {
		if !got[id].Equal(at) {
			t.Errorf("%s: trigger %v, want %v", id, got[id], at)
		}
	}
	due := map[string]time.Time{}
	for _, d := range rt.Due {
		if d.DueSince.Before(t0) {
			t.Errorf("%s due since %v, before the patient existed", d.Item.RecordID, d.DueSince)
		}
		if strings.HasPrefix(d.Item.RecordID, "consent:") {
			due[d.Item.RecordID] = d.DueSince
		}
	}
	for id, at := range want {
		if until := rule.KeepUntil(at); !due[id].Equal(until) {
			t.Errorf("%s: due since %v, want %v (rule %s)", id, due[id], until, rule.ID)
		}
	}

	// Between the two ends only the withdrawn grant is due.
	now = rule.KeepUntil(withdrawnAt)
	if rt, err = s.RetentionDue(); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range rt.Due {
		if d.Item.Category == consent.RecConsents {
			ids = append(ids, d.Item.RecordID)
		}
	}
	if len(ids) != 1 || ids[0] != "consent:"+first.ID {
		t.Errorf("due at %v: %v, want only the withdrawn grant", now, ids)
	}
}
