package app_test

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/consent/memstore"
	"custodia/vault"
)

// fakeVault is an app.Vault over the reference in-memory consent store
// whose erasure facts the test sets, e.g. without a last-treatment date.
type fakeVault struct {
	store    *memstore.Store
	facts    consent.ErasureFacts
	practice *consent.Controller
	kept     []consent.RetentionItem
	purged   []consent.DeletionBatch
}

func (f *fakeVault) User() vault.User {
	return vault.User{ID: "u-dpo", Name: "dpo", Role: vault.RoleDPO}
}
func (f *fakeVault) Consent() consent.Store { return f.store }
func (f *fakeVault) ConsentActor() consent.Actor {
	return consent.Actor{UserID: "u-dpo", Role: string(vault.RoleDPO)}
}
func (f *fakeVault) GetPatient(id string) (vault.Patient, error) { return vault.Patient{ID: id}, nil }
func (f *fakeVault) Erased(string) (bool, error)                 { return false, nil }
func (f *fakeVault) ErasureFacts(id string) (consent.ErasureFacts, error) {
	facts := f.facts
	facts.SubjectID = id
	return facts, nil
}
func (f *fakeVault) ExecuteErasure(consent.ErasurePlan) ([]consent.ExecutionResult, error) {
	return nil, errors.New("not in this fake")
}
func (f *fakeVault) AccessPackage(string, string, io.Writer, vault.AccessRecipient) error { return nil }
func (f *fakeVault) SetRestricted(string, bool, string) error                             { return nil }
func (f *fakeVault) Rectify(_ string, p vault.Patient, _ string) (vault.Patient, error) {
	return p, nil
}
func (f *fakeVault) RetentionItems() ([]consent.RetentionItem, error) {
	return nil, app.ErrNoRecordItems
}
func (f *fakeVault) KeptRetentionItems() ([]consent.RetentionItem, error) {
	return f.kept, nil
}

// PurgeKept drops the batch's kept items, as the vault destroys their keys.
func (f *fakeVault) PurgeKept(b consent.DeletionBatch) (int, error) {
	if b.ApprovedBy == "" {
		return 0, fmt.Errorf("batch not approved: %w", vault.ErrValidation)
	}
	f.purged = append(f.purged, b)
	n := 0
	for _, d := range b.Items {
		i := slices.IndexFunc(f.kept, func(it consent.RetentionItem) bool { return it.RecordID == d.Item.RecordID })
		if i >= 0 {
			f.kept = slices.Delete(f.kept, i, i+1)
			n++
		}
	}
	return n, nil
}
func (f *fakeVault) Controls() []consent.Control { return nil }
func (f *fakeVault) PutScan(string, string, []byte) (consent.Attachment, error) {
	return consent.Attachment{}, nil
}
func (f *fakeVault) Scan(string) (string, []byte, error) { return "", nil, consent.ErrNotFound }
func (f *fakeVault) Practice() (consent.Controller, error) {
	if f.practice == nil {
		return consent.Controller{}, vault.ErrNotFound
	}
	return *f.practice, nil
}
func (f *fakeVault) SetPractice(c consent.Controller) error { f.practice = &c; return nil }
func (f *fakeVault) SetPracticeSchedule(c consent.Controller, _ consent.Schedules) (vault.ScheduleResult, error) {
	f.practice = &c
	return vault.ScheduleResult{Country: c.Country}, nil
}
func (f *fakeVault) Authorize(vault.Permission, string, string) error { return nil }

// TestPlanNeedsLastTreatment: when the vault knows no last treatment and
// the caller gives none, the plan fails with the typed sentinel (the front
// ends ask for the date on it); with a date it plans.
func TestPlanNeedsLastTreatment(t *testing.T) {
	f := &fakeVault{store: memstore.New(), facts: consent.ErasureFacts{
		Present:  []consent.RecordCategory{consent.RecClinical},
		Triggers: map[consent.Trigger]time.Time{consent.TriggerCreated: t0.AddDate(-3, 0, 0)}}}
	s := app.New(f, app.Options{Now: func() time.Time { return t0 }})
	if err := app.Seed(s.Context(), f.store); err != nil {
		t.Fatal(err)
	}
	r, err := s.OpenRequest(consent.Intake{SubjectID: "p-1", Type: consent.ReqErasure, Channel: consent.ChannelLetter,
		ReceivedAt: t0, Requester: "the patient", RequesterRelation: consent.RelSelf})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = s.VerifyIdentity(r, consent.VerifyIDDocument, true); err != nil {
		t.Fatal(err)
	}
	_, err = s.PlanErasure(r, time.Time{})
	var missing *consent.MissingDateError
	if !errors.Is(err, app.ErrNeedLastTreatment) || !errors.As(err, &missing) || missing.Trigger != consent.TriggerLastTreatment {
		t.Fatalf("plan without any last treatment: %v, want ErrNeedLastTreatment", err)
	}
	plan, err := s.PlanErasure(r, t0.AddDate(-1, 0, 0))
	if err != nil || len(plan.Items) == 0 {
		t.Fatalf("plan with a last treatment: %v", err)
	}
	if _, err := s.Controller(); !errors.Is(err, app.ErrNoController) {
		t.Fatalf("controller without practice details: %v", err)
	}
}

func (f *fakeVault) FindPatients(vault.Query) ([]vault.PatientSummary, error) { return nil, nil }

func (f *fakeVault) AccessReport(string, string, consent.Controller) (consent.AccessReport, error) {
	return consent.AccessReport{}, errors.New("not in this fake")
}
