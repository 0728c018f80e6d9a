// Package storetest is the conformance suite of consent.Store: every
// implementation (consent/memstore, the vault) runs Run from its tests and
// so proves it keeps the contract documented on consent.Store — the error
// sentinels, atomic batches, append-only ledger, optimistic versioning and
// copies in and out. Fixtures are synthetic.
package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"custodia/consent"
)

// Run runs the suite; newStore returns an empty store for each subtest.
func Run(t *testing.T, newStore func(t *testing.T) consent.Store) {
	t.Run("Purposes", func(t *testing.T) { testPurposes(t, newStore(t)) })
	t.Run("Texts", func(t *testing.T) { testTexts(t, newStore(t)) })
	t.Run("Events", func(t *testing.T) { testEvents(t, newStore(t)) })
	t.Run("EventBatchAtomic", func(t *testing.T) { testEventBatch(t, newStore(t)) })
	t.Run("Requests", func(t *testing.T) { testRequests(t, newStore(t)) })
	t.Run("Disclosures", func(t *testing.T) { testDisclosures(t, newStore(t)) })
	t.Run("RetentionRules", func(t *testing.T) { testRetention(t, newStore(t)) })
	t.Run("Breaches", func(t *testing.T) { testBreaches(t, newStore(t)) })
	t.Run("Certificates", func(t *testing.T) { testCertificates(t, newStore(t)) })
	t.Run("LoadIndex", func(t *testing.T) { testLoadIndex(t, newStore(t)) })
	t.Run("PatientFilters", func(t *testing.T) { testPatientFilters(t, newStore(t)) })
}

var (
	ctx  = context.Background()
	t0   = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	care = consent.Purpose{ID: "treatment", Kind: consent.KindTreatment, Name: "Treatment", Art6: "b", Art9: "h",
		DataCategories: []string{consent.CatIdentity, consent.CatDiagnoses}}
	study = consent.Purpose{ID: "research:alpha", Kind: consent.KindResearch, Name: "Study alpha", Art6: "a", Art9: "a",
		ConsentRequired: true, ValidityMonths: 12, DataCategories: []string{consent.CatDiagnoses, consent.CatGenetics},
		Recipients: []consent.Recipient{{ID: "institute", Name: "Institute", Category: "research institute", Country: "DE"}}}
	studyText = consent.NewText("research:alpha", "en", 1, "Synthetic consent wording for study alpha.", true, t0.AddDate(0, 0, -5))
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: got %v, want %v", what, err, want)
	}
}

// seed stores the two fixture purposes and the study text.
func seed(t *testing.T, s consent.Store) {
	t.Helper()
	must(t, s.PutPurpose(ctx, care))
	must(t, s.PutPurpose(ctx, study))
	must(t, s.PutText(ctx, studyText))
}

func grant(id, patient string, at time.Time) consent.Event {
	return consent.Event{ID: id, Type: consent.Granted, PatientID: patient, PurposeID: study.ID, Time: at,
		RecordedBy: "user-1", Method: consent.MethodPaper, TextLanguage: "en", TextVersion: 1, TextSHA256: studyText.SHA256,
		Representative: &consent.Representative{Name: "Synthetic Parent", Relation: consent.RelParent},
		Deny:           []consent.Deny{{Categories: []string{consent.CatGenetics}}}}
}

func testPurposes(t *testing.T, s consent.Store) {
	_, err := s.GetPurpose(ctx, "treatment")
	wantErr(t, "get missing", err, consent.ErrNotFound)
	bad := care
	bad.Art9 = "a"
	wantErr(t, "put invalid", s.PutPurpose(ctx, bad), consent.ErrInvalid)
	seed(t, s)
	ps, err := s.ListPurposes(ctx)
	must(t, err)
	if len(ps) != 2 || ps[0].ID != "research:alpha" || ps[1].ID != "treatment" {
		t.Fatalf("list: %+v", ps)
	}
	ps[0].DataCategories[0] = "mutated"
	got, err := s.GetPurpose(ctx, study.ID)
	must(t, err)
	if got.DataCategories[0] != consent.CatDiagnoses || got.Recipients[0].ID != "institute" {
		t.Errorf("store shares memory with callers: %+v", got)
	}
	// Unused: anything valid goes.
	changed := study
	changed.Art6, changed.Art9, changed.ConsentRequired = "e", "j", false
	must(t, s.PutPurpose(ctx, changed))
	must(t, s.PutPurpose(ctx, study))
	must(t, s.AppendEvents(ctx, grant("ev-1", "pat-1", t0)))
	wantErr(t, "basis change of a used purpose", s.PutPurpose(ctx, changed), consent.ErrImmutable)
	fewer := study
	fewer.DataCategories = []string{consent.CatDiagnoses}
	wantErr(t, "category removal from a used purpose", s.PutPurpose(ctx, fewer), consent.ErrImmutable)
	renamed := study
	renamed.Name, renamed.ValidityMonths = "Study alpha (renamed)", 24
	renamed.DataCategories = append([]string{consent.CatLabResults}, study.DataCategories...)
	must(t, s.PutPurpose(ctx, renamed))
	got, err = s.GetPurpose(ctx, study.ID)
	must(t, err)
	if got.Name != renamed.Name || len(got.DataCategories) != 3 {
		t.Errorf("update lost: %+v", got)
	}
}

func testTexts(t *testing.T, s consent.Store) {
	wantErr(t, "text of unknown purpose", s.PutText(ctx, studyText), consent.ErrNotFound)
	seed(t, s)
	forged := studyText
	forged.Body += " (edited)"
	wantErr(t, "hash mismatch", s.PutText(ctx, forged), consent.ErrInvalid)
	_, err := s.GetText(ctx, study.ID, "de", 1)
	wantErr(t, "get missing", err, consent.ErrNotFound)
	fixed := consent.NewText(study.ID, "en", 1, studyText.Body+" Typo fixed.", true, studyText.EffectiveFrom)
	must(t, s.PutText(ctx, fixed)) // unused: may be replaced
	must(t, s.PutText(ctx, studyText))
	must(t, s.AppendEvents(ctx, grant("ev-1", "pat-1", t0)))
	wantErr(t, "replace used text", s.PutText(ctx, fixed), consent.ErrImmutable)
	v2 := consent.NewText(study.ID, "en", 2, "Synthetic wording, version 2.", false, t0.AddDate(0, 1, 0))
	de := consent.NewText(study.ID, "de", 1, "Synthetischer Text.", true, t0)
	must(t, s.PutText(ctx, v2))
	must(t, s.PutText(ctx, de))
	ts, err := s.ListTexts(ctx, study.ID)
	must(t, err)
	if len(ts) != 3 || ts[0].Language != "de" || ts[1].Version != 1 || ts[2].Version != 2 || ts[1].SHA256 != studyText.SHA256 {
		t.Errorf("list texts: %+v", ts)
	}
	got, err := s.GetText(ctx, study.ID, "en", 1)
	must(t, err)
	if got.Body != studyText.Body || !got.EffectiveFrom.Equal(studyText.EffectiveFrom) {
		t.Errorf("get text: %+v", got)
	}
}

func testEvents(t *testing.T, s consent.Store) {
	seed(t, s)
	g := grant("ev-1", "pat-1", t0)
	must(t, s.AppendEvents(ctx, g))
	wantErr(t, "duplicate id", s.AppendEvents(ctx, g), consent.ErrExists)
	w := consent.Withdraw(g, "user-2", consent.MethodVerbal, t0.Add(48*time.Hour))
	orphan := w
	orphan.ID, orphan.RefersTo = "ev-x", "no-such-grant"
	wantErr(t, "withdrawal of unknown grant", s.AppendEvents(ctx, orphan), consent.ErrNotFound)
	otherPatient := w
	otherPatient.ID, otherPatient.PatientID = "ev-y", "pat-2"
	wantErr(t, "withdrawal of another patient's grant", s.AppendEvents(ctx, otherPatient), consent.ErrNotFound)
	bad := grant("ev-2", "pat-2", t0)
	bad.TextSHA256 = care.ID + "0000000000000000000000000000000000000000000000000000000"
	wantErr(t, "bad text hash", s.AppendEvents(ctx, bad), consent.ErrInvalid)
	unknownText := grant("ev-3", "pat-2", t0)
	unknownText.TextVersion = 9
	wantErr(t, "unknown text version", s.AppendEvents(ctx, unknownText), consent.ErrInvalid)
	unknownPurpose := grant("ev-4", "pat-2", t0)
	unknownPurpose.PurposeID = "research:nope"
	wantErr(t, "unknown purpose", s.AppendEvents(ctx, unknownPurpose), consent.ErrNotFound)
	must(t, s.AppendEvents(ctx, w, grant("ev-5", "pat-2", t0.Add(time.Hour))))

	all, err := s.ListEvents(ctx, consent.EventFilter{})
	must(t, err)
	if len(all) != 3 || all[0].ID != "ev-1" || all[1].ID != w.ID || all[2].ID != "ev-5" {
		t.Fatalf("append order: %+v", all)
	}
	if !all[0].Time.Equal(g.Time) || all[0].Representative == nil || all[0].Representative.Name != "Synthetic Parent" ||
		len(all[0].Deny) != 1 || all[0].Deny[0].Categories[0] != consent.CatGenetics || all[0].TextSHA256 != g.TextSHA256 {
		t.Errorf("grant not stored faithfully: %+v", all[0])
	}
	all[0].Representative.Name = "mutated"
	all[0].Deny[0].Categories[0] = "mutated"
	mine, err := s.ListEvents(ctx, consent.EventFilter{PatientID: "pat-1"})
	must(t, err)
	if len(mine) != 2 || mine[0].Representative.Name != "Synthetic Parent" || mine[0].Deny[0].Categories[0] != consent.CatGenetics {
		t.Errorf("filter or copy: %+v", mine)
	}
}

func testEventBatch(t *testing.T, s consent.Store) {
	seed(t, s)
	g := grant("ev-1", "pat-1", t0)
	bad := grant("ev-2", "pat-1", t0)
	bad.Method = "telepathy"
	wantErr(t, "batch with an invalid event", s.AppendEvents(ctx, g, bad), consent.ErrInvalid)
	wantErr(t, "batch with a repeated id", s.AppendEvents(ctx, g, g), consent.ErrExists)
	evs, err := s.ListEvents(ctx, consent.EventFilter{})
	must(t, err)
	if len(evs) != 0 {
		t.Fatalf("failed batches left %d events", len(evs))
	}
	// A withdrawal may refer to a grant earlier in the same batch.
	must(t, s.AppendEvents(ctx, g, consent.Withdraw(g, "user-1", consent.MethodScreen, t0.Add(time.Hour))))
}

func newRequest(t *testing.T, typ consent.RequestType) (consent.Request, consent.Transition) {
	t.Helper()
	desk := consent.Actor{UserID: "user-desk", Role: consent.RoleFrontDesk}
	r, err := consent.NewRequest(consent.Intake{SubjectID: "pat-1", Type: typ, Channel: consent.ChannelDesk, ReceivedAt: t0,
		Requester: "Synthetic Requester", RequesterRelation: consent.RelSelf, Description: "synthetic"}, nil, desk, t0)
	must(t, err)
	return r, consent.Created(r, desk, t0)
}

func testRequests(t *testing.T, s consent.Store) {
	dpo := consent.Actor{UserID: "user-dpo", Role: consent.RoleDPO}
	r, created := newRequest(t, consent.ReqRestriction)
	_, err := s.GetRequest(ctx, r.ID)
	wantErr(t, "get missing", err, consent.ErrNotFound)
	_, err = s.ListTransitions(ctx, r.ID)
	wantErr(t, "transitions of missing", err, consent.ErrNotFound)
	stored, err := s.CreateRequest(ctx, r, created)
	must(t, err)
	if stored.Version != 1 {
		t.Errorf("created version %d", stored.Version)
	}
	_, err = s.CreateRequest(ctx, r, created)
	wantErr(t, "create twice", err, consent.ErrExists)
	invalid := r
	invalid.ID, invalid.Channel = "req-invalid", "pigeon"
	_, err = s.CreateRequest(ctx, invalid, consent.Transition{RequestID: invalid.ID})
	wantErr(t, "create invalid", err, consent.ErrInvalid)

	v, tr, err := consent.Verify(stored, consent.Verification{Method: consent.VerifyIDDocument, At: t0.Add(time.Hour), Verified: true}, dpo)
	must(t, err)
	v2, err := s.UpdateRequest(ctx, v, tr)
	must(t, err)
	_, err = s.UpdateRequest(ctx, v, tr)
	wantErr(t, "stale update", err, consent.ErrConflict)
	moved := v2
	moved.SubjectID = "pat-9"
	_, err = s.UpdateRequest(ctx, moved, tr)
	wantErr(t, "change subject", err, consent.ErrImmutable)
	ghost := v2
	ghost.ID = "req-ghost"
	_, err = s.UpdateRequest(ctx, ghost, consent.Transition{RequestID: "req-ghost", By: "u", At: t0})
	wantErr(t, "update missing", err, consent.ErrNotFound)

	cur := v2
	for _, to := range []consent.State{consent.StateInProgress, consent.StateCompleted} {
		next, tr, err := consent.Advance(cur, to, dpo, t0.Add(2*time.Hour), "")
		must(t, err)
		cur, err = s.UpdateRequest(ctx, next, tr)
		must(t, err)
	}
	if cur.Version != 4 || cur.State != consent.StateCompleted {
		t.Errorf("after workflow: %+v", cur)
	}
	reopened := cur
	reopened.State = consent.StateInProgress
	_, err = s.UpdateRequest(ctx, reopened, consent.Transition{RequestID: cur.ID, Action: "transition", By: "u", At: t0})
	wantErr(t, "update closed", err, consent.ErrImmutable)
	lifted, tr, err := consent.LiftRestriction(cur, dpo, t0.AddDate(0, 1, 0))
	must(t, err)
	_, err = s.UpdateRequest(ctx, lifted, tr)
	must(t, err)

	ts, err := s.ListTransitions(ctx, r.ID)
	must(t, err)
	wantActions := []string{"create", "verify", "transition", "transition", "lift-restriction"}
	if len(ts) != len(wantActions) {
		t.Fatalf("transitions: %+v", ts)
	}
	for i, a := range wantActions {
		if ts[i].Action != a {
			t.Errorf("transition %d: %s, want %s", i, ts[i].Action, a)
		}
	}
	other, created2 := newRequest(t, consent.ReqAccess)
	_, err = s.CreateRequest(ctx, other, created2)
	must(t, err)
	open, err := s.ListRequests(ctx, consent.RequestFilter{SubjectID: "pat-1", OpenOnly: true})
	must(t, err)
	if len(open) != 1 || open[0].ID != other.ID {
		t.Errorf("open requests: %+v", open)
	}
	all, err := s.ListRequests(ctx, consent.RequestFilter{})
	must(t, err)
	if len(all) != 2 {
		t.Errorf("all requests: %d", len(all))
	}
	wantErr(t, "delete open request", s.DeleteRequest(ctx, other.ID, 1), consent.ErrImmutable)
	wantErr(t, "delete missing request", s.DeleteRequest(ctx, "req-none", 1), consent.ErrNotFound)
	wantErr(t, "delete stale", s.DeleteRequest(ctx, r.ID, 1), consent.ErrConflict)
	must(t, s.DeleteRequest(ctx, r.ID, 5))
	_, err = s.GetRequest(ctx, r.ID)
	wantErr(t, "get deleted", err, consent.ErrNotFound)
	_, err = s.ListTransitions(ctx, r.ID)
	wantErr(t, "transitions of deleted", err, consent.ErrNotFound)
}

func testDisclosures(t *testing.T, s consent.Store) {
	d1 := consent.Disclosure{ID: "dis-1", PatientID: "pat-1", Recipient: "institute", PurposeID: study.ID,
		Categories: []string{consent.CatDiagnoses}, At: t0.Add(2 * time.Hour), RecordedBy: "user-1"}
	d2 := d1
	d2.ID, d2.At = "dis-2", t0
	d3 := d1
	d3.ID, d3.PatientID = "dis-3", "pat-2"
	for _, d := range []consent.Disclosure{d1, d2, d3} {
		must(t, s.AddDisclosure(ctx, d))
	}
	wantErr(t, "duplicate", s.AddDisclosure(ctx, d1), consent.ErrExists)
	bad := d1
	bad.ID, bad.Categories = "dis-4", nil
	wantErr(t, "invalid", s.AddDisclosure(ctx, bad), consent.ErrInvalid)
	ds, err := s.ListDisclosures(ctx, "pat-1")
	must(t, err)
	if len(ds) != 2 || ds[0].ID != "dis-2" || ds[1].ID != "dis-1" {
		t.Errorf("list: %+v", ds)
	}
	all, err := s.ListDisclosures(ctx, "")
	must(t, err)
	if len(all) != 3 {
		t.Errorf("all: %d", len(all))
	}
}

func testRetention(t *testing.T, s consent.Store) {
	r := consent.DefaultRetentionRules()[0]
	r.Version = 0
	stored, err := s.PutRetentionRule(ctx, r)
	must(t, err)
	if stored.Version != 1 {
		t.Errorf("version %d", stored.Version)
	}
	_, err = s.PutRetentionRule(ctx, r)
	wantErr(t, "create twice", err, consent.ErrExists)
	stored.Years = 30
	up, err := s.PutRetentionRule(ctx, stored)
	must(t, err)
	_, err = s.PutRetentionRule(ctx, stored)
	wantErr(t, "stale", err, consent.ErrConflict)
	missing := up
	missing.ID = "nope"
	_, err = s.PutRetentionRule(ctx, missing)
	wantErr(t, "update missing", err, consent.ErrNotFound)
	bad := r
	bad.ID, bad.LegalSource = "bad", ""
	_, err = s.PutRetentionRule(ctx, bad)
	wantErr(t, "invalid", err, consent.ErrInvalid)
	rules, err := s.ListRetentionRules(ctx)
	must(t, err)
	if len(rules) != 1 || rules[0].Years != 30 || rules[0].Version != 2 {
		t.Errorf("list: %+v", rules)
	}
	wantErr(t, "delete stale", s.DeleteRetentionRule(ctx, r.ID, 1), consent.ErrConflict)
	must(t, s.DeleteRetentionRule(ctx, r.ID, 2))
	wantErr(t, "delete missing", s.DeleteRetentionRule(ctx, r.ID, 2), consent.ErrNotFound)
}

func testBreaches(t *testing.T, s consent.Store) {
	b := consent.Breach{ID: "br-1", AwareAt: t0, RecordedBy: "user-dpo", Nature: []string{"confidentiality"},
		Description: "synthetic: laptop stolen", DataCategories: []string{consent.CatContact}, SubjectsApprox: consent.ApproxOf(40),
		RecordsApprox: consent.ApproxOf(40), Consequences: "phishing risk", Measures: "vault encrypted; passwords rotated", Risk: consent.RiskRisk}
	_, err := s.GetBreach(ctx, b.ID)
	wantErr(t, "get missing", err, consent.ErrNotFound)
	stored, err := s.PutBreach(ctx, b)
	must(t, err)
	_, err = s.PutBreach(ctx, b)
	wantErr(t, "create twice", err, consent.ErrExists)
	stored.AuthorityNotifiedAt = t0.Add(80 * time.Hour)
	_, err = s.PutBreach(ctx, stored)
	wantErr(t, "late without reason", err, consent.ErrInvalid)
	stored.DelayReason = "forensics needed to size the breach"
	up, err := s.PutBreach(ctx, stored)
	must(t, err)
	_, err = s.PutBreach(ctx, stored)
	wantErr(t, "stale", err, consent.ErrConflict)
	got, err := s.GetBreach(ctx, b.ID)
	must(t, err)
	if got.Version != up.Version || !got.AuthorityNotifiedAt.Equal(stored.AuthorityNotifiedAt) || got.Nature[0] != "confidentiality" {
		t.Errorf("get: %+v", got)
	}
	list, err := s.ListBreaches(ctx)
	must(t, err)
	if len(list) != 1 {
		t.Errorf("list: %d", len(list))
	}
}

func testCertificates(t *testing.T, s consent.Store) {
	dpo := consent.Actor{UserID: "user-dpo", Role: consent.RoleDPO}
	r, _ := newRequest(t, consent.ReqErasure)
	r.State = consent.StateInProgress
	plan, err := consent.PlanErasure(r, consent.DefaultRetentionRules(), consent.ErasureFacts{SubjectID: r.SubjectID,
		Present: []consent.RecordCategory{consent.RecContact}}, dpo, t0)
	must(t, err)
	plan, err = plan.Approve(dpo, t0)
	must(t, err)
	c, err := consent.ErasureCertificate(plan, []consent.ExecutionResult{{Category: consent.RecContact, Action: consent.ActErase, Records: 1}}, dpo, t0)
	must(t, err)
	tampered := c
	tampered.ID = "other"
	wantErr(t, "tampered", s.AddCertificate(ctx, tampered), consent.ErrInvalid)
	must(t, s.AddCertificate(ctx, c))
	wantErr(t, "twice", s.AddCertificate(ctx, c), consent.ErrExists)
	got, err := s.GetCertificate(ctx, c.ID)
	must(t, err)
	must(t, got.Verify())
	_, err = s.GetCertificate(ctx, "nope")
	wantErr(t, "get missing", err, consent.ErrNotFound)
	list, err := s.ListCertificates(ctx)
	must(t, err)
	if len(list) != 1 || list[0].ID != c.ID {
		t.Errorf("list: %+v", list)
	}
}

func testLoadIndex(t *testing.T, s consent.Store) {
	seed(t, s)
	g := grant("ev-1", "pat-1", t0)
	w := consent.Withdraw(g, "user-1", consent.MethodScreen, t0.AddDate(0, 2, 0))
	must(t, s.AppendEvents(ctx, g, w))
	ix, err := consent.LoadIndex(ctx, s)
	must(t, err)
	if d := ix.Allowed("pat-1", study.ID, "institute", consent.CatDiagnoses, t0.AddDate(0, 1, 0)); !d.Allowed {
		t.Errorf("before withdrawal: %+v", d)
	}
	if d := ix.Allowed("pat-1", study.ID, "institute", consent.CatDiagnoses, t0.AddDate(0, 3, 0)); d.Allowed || d.EventID != w.ID {
		t.Errorf("after withdrawal: %+v", d)
	}
	if d := ix.Allowed("pat-1", care.ID, "", consent.CatDiagnoses, t0.AddDate(0, 3, 0)); !d.Allowed {
		t.Errorf("care after research withdrawal: %+v", d)
	}
}

// testPatientFilters checks the per-patient reads single-patient commands
// rely on (events, requests, disclosures of one patient, with a second
// filter field too) and that LoadPatientIndex decides for a patient
// exactly as LoadIndex does.
func testPatientFilters(t *testing.T, s consent.Store) {
	seed(t, s)
	g1, g2, g3 := grant("ev-1", "pat-1", t0), grant("ev-2", "pat-2", t0.Add(time.Hour)), grant("ev-3", "pat-3", t0.Add(2*time.Hour))
	w1 := consent.Withdraw(g1, "user-1", consent.MethodScreen, t0.AddDate(0, 2, 0))
	careRefusal := consent.Event{ID: "ev-4", Type: consent.Refused, PatientID: "pat-2", PurposeID: care.ID, Time: t0,
		RecordedBy: "user-1", Method: consent.MethodPaper}
	must(t, s.AppendEvents(ctx, g1, g2, careRefusal, w1, g3))
	completeRequest(t, s, "req-obj", "pat-2", consent.ReqObjection, study.ID, t0.AddDate(0, 1, 0))
	completeRequest(t, s, "req-res", "pat-3", consent.ReqRestriction, "", t0.AddDate(0, 1, 0))
	completeRequest(t, s, "req-acc", "pat-3", consent.ReqAccess, "", t0.AddDate(0, 1, 0))

	all, err := s.ListEvents(ctx, consent.EventFilter{})
	must(t, err)
	full, err := consent.LoadIndex(ctx, s)
	must(t, err)
	for _, pid := range []string{"pat-1", "pat-2", "pat-3", "pat-none"} {
		ix, events, err := consent.LoadPatientIndex(ctx, s, pid)
		must(t, err)
		if got, want := eventIDs(events), eventIDs(filterEvents(all, consent.EventFilter{PatientID: pid})); got != want {
			t.Errorf("%s: events %s, want %s", pid, got, want)
		}
		for _, p := range []consent.Purpose{care, study} {
			for _, c := range append([]string{""}, p.DataCategories...) {
				for _, at := range []time.Time{t0.Add(-time.Hour), t0.AddDate(0, 0, 10), t0.AddDate(0, 1, 10), t0.AddDate(0, 3, 0)} {
					if got, want := ix.Allowed(pid, p.ID, "", c, at), full.Allowed(pid, p.ID, "", c, at); got != want {
						t.Errorf("%s %s %q at %s: patient index %+v, whole index %+v", pid, p.ID, c, at, got, want)
					}
				}
			}
		}
	}
	studyOfPat1, err := s.ListEvents(ctx, consent.EventFilter{PatientID: "pat-1", PurposeID: study.ID})
	must(t, err)
	if got := eventIDs(studyOfPat1); got != "ev-1 "+w1.ID {
		t.Errorf("pat-1 study events: %s", got)
	}
	careOfPat2, err := s.ListEvents(ctx, consent.EventFilter{PatientID: "pat-2", PurposeID: care.ID})
	must(t, err)
	if got := eventIDs(careOfPat2); got != "ev-4" {
		t.Errorf("pat-2 care events: %s", got)
	}
	reqs, err := s.ListRequests(ctx, consent.RequestFilter{SubjectID: "pat-3", Type: consent.ReqRestriction})
	must(t, err)
	if len(reqs) != 1 || reqs[0].ID != "req-res" {
		t.Errorf("pat-3 restrictions: %+v", reqs)
	}
	if reqs, err = s.ListRequests(ctx, consent.RequestFilter{Type: consent.ReqObjection}); err != nil || len(reqs) != 1 || reqs[0].ID != "req-obj" {
		t.Errorf("objections: %+v %v", reqs, err)
	}
	must(t, s.AddDisclosure(ctx, consent.Disclosure{ID: "dis-1", PatientID: "pat-1", PurposeID: study.ID, Recipient: "institute",
		Categories: []string{consent.CatDiagnoses}, At: t0.Add(time.Hour), RecordedBy: "user-1"}))
	must(t, s.AddDisclosure(ctx, consent.Disclosure{ID: "dis-2", PatientID: "pat-2", PurposeID: study.ID, Recipient: "institute",
		Categories: []string{consent.CatDiagnoses}, At: t0.Add(time.Hour), RecordedBy: "user-1"}))
	if ds, err := s.ListDisclosures(ctx, "pat-2"); err != nil || len(ds) != 1 || ds[0].ID != "dis-2" {
		t.Errorf("pat-2 disclosures: %+v %v", ds, err)
	}
}

// completeRequest stores a request of a subject and takes it to completed.
func completeRequest(t *testing.T, s consent.Store, id, subject string, typ consent.RequestType, purpose string, at time.Time) {
	t.Helper()
	dpo := consent.Actor{UserID: "user-dpo", Role: consent.RoleDPO}
	r, err := consent.NewRequest(consent.Intake{SubjectID: subject, Type: typ, Channel: consent.ChannelDesk, ReceivedAt: at,
		Requester: "Synthetic Requester", RequesterRelation: consent.RelSelf, PurposeID: purpose}, nil, dpo, at)
	must(t, err)
	r.ID = id
	cur, err := s.CreateRequest(ctx, r, consent.Created(r, dpo, at))
	must(t, err)
	next, tr, err := consent.Verify(cur, consent.Verification{Method: consent.VerifyIDDocument, At: at, Verified: true}, dpo)
	must(t, err)
	cur, err = s.UpdateRequest(ctx, next, tr)
	must(t, err)
	for _, to := range []consent.State{consent.StateInProgress, consent.StateCompleted} {
		next, tr, err := consent.Advance(cur, to, dpo, at, "")
		must(t, err)
		cur, err = s.UpdateRequest(ctx, next, tr)
		must(t, err)
	}
}

func filterEvents(events []consent.Event, f consent.EventFilter) []consent.Event {
	var out []consent.Event
	for _, e := range events {
		if f.Match(e) {
			out = append(out, e)
		}
	}
	return out
}

func eventIDs(events []consent.Event) string {
	var ids []string
	for _, e := range events {
		ids = append(ids, e.ID)
	}
	return strings.Join(ids, " ")
}
