package main

import (
	"fmt"
	"testing"
	"time"

	"custodia/consent"
	"custodia/vault"
)

// benchLedger fills a test vault with n patients holding one recall grant
// each and returns the GDPR view of the session and one patient id.
func benchLedger(b *testing.B, n int) (*gdpr, string) {
	b.Helper()
	_, s := vault.NewTestVault(b)
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
	g := newVaultGDPR(s, now)
	if err := g.seedDefaults(); err != nil {
		b.Fatal(err)
	}
	ps := make([]vault.Patient, n)
	for i := range ps {
		ps[i] = vault.Patient{GivenName: "Synthetic", FamilyName: fmt.Sprintf("Patient%05d", i),
			BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), Sex: "unknown"}
	}
	added, err := s.AddPatients(ps)
	if err != nil {
		b.Fatal(err)
	}
	text, err := g.currentText("recall", "en")
	if err != nil {
		b.Fatal(err)
	}
	events := make([]consent.Event, n)
	for i, p := range added {
		events[i] = consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: p.ID, PurposeID: "recall",
			Time: now.Add(-time.Hour), RecordedBy: g.actor.UserID, Method: consent.MethodPaper,
			TextLanguage: "en", TextVersion: text.Version, TextSHA256: text.SHA256}
	}
	if err := g.store.AppendEvents(g.ctx, events...); err != nil {
		b.Fatal(err)
	}
	return g, added[n/2].ID
}

// BenchmarkConsentListOnePatient measures "consent list" for one patient
// in a vault of 2,000 patients with a grant each (index of that patient only).
func BenchmarkConsentListOnePatient(b *testing.B) {
	g, id := benchLedger(b, 2000)
	b.ResetTimer()
	for range b.N {
		st, err := g.states(id, "", "", g.now)
		if err != nil || len(st) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkConsentDueWholeLedger measures "consent due", which reads the
// whole ledger of the same vault.
func BenchmarkConsentDueWholeLedger(b *testing.B) {
	g, _ := benchLedger(b, 2000)
	b.ResetTimer()
	for range b.N {
		ix, err := g.index()
		if err != nil {
			b.Fatal(err)
		}
		_ = ix.DueForRenewal(30*24*time.Hour, g.now)
	}
}

// BenchmarkConsentList100k is "consent list --patient" after unlock on a
// vault of 100,000 patients with a grant each, as the command runs it: the
// seeding check, then the catalogue, that patient's events and requests
// and the state of every purpose (target < 300 ms).
func BenchmarkConsentList100k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 100,000-patient vault")
	}
	g, id := benchLedger(b, 100_000)
	for b.Loop() {
		if err := g.seedDefaults(); err != nil {
			b.Fatal(err)
		}
		st, err := g.states(id, "", "", g.now)
		if err != nil || len(st) == 0 {
			b.Fatal(err)
		}
	}
}
