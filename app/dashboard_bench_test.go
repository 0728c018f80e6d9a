package app_test

import (
	"fmt"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/vault"
)

// BenchmarkDashboard100k computes the DPO dashboard of a vault of 100,000
// patients with a recall grant each (a tenth of them ending within the
// renewal window), 200 requests and 5 breaches: one call per iteration,
// names of the listed patients included.
func BenchmarkDashboard100k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 100,000-patient vault")
	}
	const n = 100_000
	_, vs := vault.NewTestVault(b)
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
	s := app.New(app.FromVault(vs), app.Options{Now: func() time.Time { return now }})
	if err := app.Seed(s.Context(), s.Store()); err != nil {
		b.Fatal(err)
	}
	ps := make([]vault.Patient, n)
	for i := range ps {
		ps[i] = vault.Patient{GivenName: "Synthetic", FamilyName: fmt.Sprintf("Patient%06d", i),
			BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), Phone: "+49 30 0000000", Diagnosis: "synthetic"}
	}
	added, err := vs.AddPatients(ps)
	if err != nil {
		b.Fatal(err)
	}
	cat, err := s.Catalogue()
	if err != nil {
		b.Fatal(err)
	}
	text, _ := cat.LatestText("recall", "en", now)
	events := make([]consent.Event, n)
	for i, p := range added {
		until := now.AddDate(1, 0, 0)
		if i%10 == 0 {
			until = now.AddDate(0, 0, 1+i%50)
		}
		events[i] = consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: p.ID, PurposeID: "recall",
			Time: now.Add(-time.Hour), RecordedBy: s.Actor().UserID, Method: consent.MethodPaper, ValidUntil: until,
			TextLanguage: "en", TextVersion: text.Version, TextSHA256: text.SHA256}
	}
	if err := s.Store().AppendEvents(s.Context(), events...); err != nil {
		b.Fatal(err)
	}
	for i := range 200 {
		if _, err := s.OpenRequest(consent.Intake{SubjectID: added[i*7].ID, Type: consent.ReqAccess, Channel: consent.ChannelLetter,
			ReceivedAt: now.AddDate(0, 0, -i%40), Requester: "the patient", RequesterRelation: consent.RelSelf}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 5 {
		if _, err := s.SaveBreach(consent.Breach{ID: consent.NewID(), AwareAt: now.Add(-time.Duration(i*20) * time.Hour),
			RecordedBy: s.Actor().UserID, Nature: []string{"availability"}, Description: "synthetic", Consequences: consent.ConsequencesUnknown,
			Risk: consent.RiskRisk}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		d, err := s.Dashboard()
		if err != nil || d.Open != 200 || d.Renewals != n/10 || len(d.Breaches) != 5 {
			b.Fatalf("open %d renewals %d breaches %d: %v", d.Open, d.Renewals, len(d.Breaches), err)
		}
	}
}
