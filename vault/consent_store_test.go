package vault

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"custodia/consent"
	"custodia/consent/storetest"
)

func TestConsentStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) consent.Store {
		_, s := NewTestVault(t)
		return s.ConsentStore()
	})
}

// A request's receipt time comes back in its time zone: deadlines are
// counted in the practice's calendar.
func TestConsentStoreKeepsRequestTimeZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database")
	}
	f := newDSRFixture(t)
	a, now := f.admin.ConsentActor(), time.Now().In(berlin)
	r, err := consent.NewRequest(consent.Intake{SubjectID: f.p.ID, Type: consent.ReqAccess, Channel: consent.ChannelDesk,
		ReceivedAt: now.Add(-time.Hour), Requester: requesterName, RequesterRelation: consent.RelSelf}, nil, a, now)
	must(t, err)
	_, err = f.cs.CreateRequest(bg, r, consent.Created(r, a, now))
	must(t, err)
	got, err := f.cs.GetRequest(bg, r.ID)
	must(t, err)
	if got.ReceivedAt.Location().String() != "Europe/Berlin" || !got.ReceivedAt.Equal(r.ReceivedAt) {
		t.Errorf("received at %v, want %v", got.ReceivedAt, r.ReceivedAt)
	}
	if !got.Due().Equal(r.Due()) || got.Due().Location().String() != r.Due().Location().String() {
		t.Errorf("deadline changed by storage")
	}
}

func TestConsentStoreLocked(t *testing.T) {
	_, s := NewTestVault(t)
	cs := s.ConsentStore()
	s.Lock()
	if _, err := cs.ListPurposes(bg); err != ErrLocked {
		t.Errorf("locked: %v", err)
	}
}

// openBenchVault creates a vault in a temporary directory for benchmarks.
func openBenchVault(b *testing.B) *Session {
	b.Helper()
	weak := WeakKDFParams()
	path := filepath.Join(b.TempDir(), "bench.vault")
	if _, err := Create(path, TestAdminName, []byte(TestAdminPassphrase), Options{KDF: &weak}); err != nil {
		b.Fatal(err)
	}
	v, err := Open(path, Options{KDF: &weak})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { v.Close() })
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func benchGrants(b *testing.B, s *Session, n int, text consent.Text) {
	b.Helper()
	cs := s.ConsentStore()
	if err := cs.PutPurpose(bg, dsrStudy); err != nil {
		b.Fatal(err)
	}
	if err := cs.PutText(bg, text); err != nil {
		b.Fatal(err)
	}
	batch := make([]consent.Event, 0, 100)
	for i := range n {
		batch = append(batch, consent.Event{ID: fmt.Sprintf("ev-%d", i), Type: consent.Granted, PatientID: fmt.Sprintf("pat-%d", i%500),
			PurposeID: dsrStudy.ID, Time: time.Now().Add(-time.Hour), RecordedBy: "user-1", Method: consent.MethodPaper,
			TextLanguage: "en", TextVersion: 1, TextSHA256: text.SHA256, Representative: &consent.Representative{Name: repName, Relation: consent.RelParent}})
		if len(batch) == cap(batch) || i == n-1 {
			if err := cs.AppendEvents(bg, batch...); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// BenchmarkAppendEvents: one grant with an encrypted representative per
// transaction (the front desk recording a paper form).
func BenchmarkAppendEvents(b *testing.B) {
	s := openBenchVault(b)
	text := consent.NewText(dsrStudy.ID, "en", 1, "Synthetic wording.", true, time.Now().AddDate(0, -1, 0))
	benchGrants(b, s, 1, text)
	cs := s.ConsentStore()
	b.ResetTimer()
	for i := range b.N {
		e := consent.Event{ID: fmt.Sprintf("bench-%d", i), Type: consent.Granted, PatientID: "pat-1", PurposeID: dsrStudy.ID,
			Time: time.Now().Add(-time.Hour), RecordedBy: "user-1", Method: consent.MethodPaper, TextLanguage: "en", TextVersion: 1,
			TextSHA256: text.SHA256, Representative: &consent.Representative{Name: repName, Relation: consent.RelParent}}
		if err := cs.AppendEvents(bg, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadIndex5k: consent.LoadIndex over 5,000 ledger events with
// encrypted representatives (500 subjects).
func BenchmarkLoadIndex5k(b *testing.B) {
	s := openBenchVault(b)
	text := consent.NewText(dsrStudy.ID, "en", 1, "Synthetic wording.", true, time.Now().AddDate(0, -1, 0))
	benchGrants(b, s, 5000, text)
	cs := s.ConsentStore()
	b.ResetTimer()
	for range b.N {
		if _, err := consent.LoadIndex(bg, cs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecuteErasure: a full erasure (plan with every category) of one
// patient among 200, including the WAL checkpoint.
func BenchmarkExecuteErasure(b *testing.B) {
	s := openBenchVault(b)
	r := rand.New(rand.NewPCG(3, 3))
	ps := make([]Patient, 200)
	for i := range ps {
		ps[i] = fakePatient(r, i)
	}
	ps, err := s.AddPatients(ps)
	if err != nil {
		b.Fatal(err)
	}
	cs, a := s.ConsentStore(), s.ConsentActor()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		plan := benchPlan(b, s, cs, a, ps[i%len(ps)].ID)
		b.StartTimer()
		if _, err := s.ExecuteErasure(plan); err != nil {
			b.Fatal(err)
		}
		if i%len(ps) == len(ps)-1 {
			b.StopTimer()
			if ps, err = s.AddPatients(ps); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	}
}

func benchPlan(b *testing.B, s *Session, cs *ConsentStore, a consent.Actor, id string) consent.ErasurePlan {
	b.Helper()
	now := time.Now()
	req, err := consent.NewRequest(consent.Intake{SubjectID: id, Type: consent.ReqErasure, Channel: consent.ChannelDesk,
		ReceivedAt: now, Requester: requesterName, RequesterRelation: consent.RelSelf}, nil, a, now)
	if err != nil {
		b.Fatal(err)
	}
	if req, err = cs.CreateRequest(bg, req, consent.Created(req, a, now)); err != nil {
		b.Fatal(err)
	}
	req, tr, _ := consent.Verify(req, consent.Verification{Method: consent.VerifyIDDocument, At: now, Verified: true}, a)
	if req, err = cs.UpdateRequest(bg, req, tr); err != nil {
		b.Fatal(err)
	}
	req, tr, _ = consent.Advance(req, consent.StateInProgress, a, now, "")
	if req, err = cs.UpdateRequest(bg, req, tr); err != nil {
		b.Fatal(err)
	}
	facts, err := s.ErasureFacts(id)
	if err != nil {
		b.Fatal(err)
	}
	facts.Triggers[consent.TriggerLastTreatment], facts.Triggers[consent.TriggerClosed] = now, now
	plan, err := consent.PlanErasure(req, erasureRules(), facts, a, now)
	if err != nil {
		b.Fatal(err)
	}
	plan, err = plan.Approve(a, now)
	if err != nil {
		b.Fatal(err)
	}
	return plan
}
