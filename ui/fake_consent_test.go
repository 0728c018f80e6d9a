package ui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/consent/memstore"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fakeConsentSession is a fakeSession with a consent side: the reference
// in-memory store and a vault that records what it was asked to do.
type fakeConsentSession struct {
	*fakeSession
	store      *memstore.Store
	facts      consent.ErasureFacts
	executed   []consent.ErasurePlan
	restricted map[string]bool
	packages   []vault.AccessRecipient
	rectified  []vault.Patient
	practice   *consent.Controller
	noFallback bool // no CUSTODIA_CONTROLLER or demo details behind the stored ones
	scans      map[string]fakeScan
	scanReads  int
	// failRestrict, when set, is what SetRestricted returns.
	failRestrict error
	erasedIDs    map[string]bool // what Erased reports (queue labels)
}

// Erased: the fake erases nobody.
func (s *fakeConsentSession) Erased(id string) (bool, error) { return s.erasedIDs[id], nil }

// RetentionItems: the fake lists no patient records.
func (s *fakeConsentSession) RetentionItems() ([]consent.RetentionItem, error) {
	return nil, usecase.ErrNoRecordItems
}

// Authorize checks the role as the vault does.
func (s *fakeConsentSession) Authorize(perm vault.Permission, _, _ string) error {
	if !s.user.Role.Can(perm) {
		return &vault.PermissionError{User: s.user.Name, Role: s.user.Role, Perm: perm}
	}
	return nil
}

// fakeScan is a stored consent-form scan.
type fakeScan struct {
	patientID, contentType string
	data                   []byte
}

func newFakeConsentSession(role vault.Role) *fakeConsentSession {
	s := newFakeSession(vault.User{ID: "u-" + string(role), Name: string(role), Role: role}, 20)
	return &fakeConsentSession{fakeSession: s, store: memstore.New(), restricted: map[string]bool{}}
}

func (s *fakeConsentSession) Consent() consent.Store { return s.store }

func (s *fakeConsentSession) ConsentActor() consent.Actor {
	return consent.Actor{UserID: s.user.ID, Role: string(s.user.Role)}
}

func (s *fakeConsentSession) ErasureFacts(patientID string) (consent.ErasureFacts, error) {
	if _, ok := s.Records[patientID]; !ok {
		return consent.ErasureFacts{}, vault.ErrNotFound
	}
	f := s.facts
	f.SubjectID = patientID
	f.Triggers = map[consent.Trigger]time.Time{}
	for k, v := range s.facts.Triggers {
		f.Triggers[k] = v
	}
	return f, nil
}

// ExecuteErasure checks the plan is approved and reports one record per item.
func (s *fakeConsentSession) ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error) {
	if plan.ApprovedBy == "" {
		return nil, fmt.Errorf("plan not approved: %w", vault.ErrValidation)
	}
	s.executed = append(s.executed, plan)
	var out []consent.ExecutionResult
	for _, it := range plan.Items {
		out = append(out, consent.ExecutionResult{Category: it.Category, Action: it.Action, Records: 1})
	}
	delete(s.Records, plan.SubjectID)
	return out, nil
}

func (s *fakeConsentSession) AccessPackage(patientID, requestID string, w io.Writer, r vault.AccessRecipient) error {
	s.packages = append(s.packages, r)
	_, err := fmt.Fprintf(w, "age-encryption.org/v1 package for %s request %s", patientID, requestID)
	return err
}

// AccessReport builds the domain's report from the fake's store, with
// the patient's name as the record (access_test.go in package vault
// checks the real one).
func (s *fakeConsentSession) AccessReport(patientID, requestID string, ctl consent.Controller) (consent.AccessReport, error) {
	ctx := context.Background()
	r, err := s.store.GetRequest(ctx, requestID)
	if err != nil {
		return consent.AccessReport{}, err
	}
	in := consent.AccessInput{Request: r, Controller: ctl}
	if in.Index, in.Events, err = consent.LoadPatientIndex(ctx, s.store, patientID); err != nil {
		return consent.AccessReport{}, err
	}
	p, err := s.GetPatient(patientID)
	if err != nil {
		return consent.AccessReport{}, err
	}
	in.Sections = []consent.RecordSection{{Title: "Identity", Rows: [][2]string{{"Family name", p.FamilyName}, {"Given name", p.GivenName}}}}
	return consent.BuildAccessReport(in, r.ReceivedAt.AddDate(0, 0, 3))
}

func (s *fakeConsentSession) SetRestricted(patientID string, on bool, _ string) error {
	if s.failRestrict != nil {
		return s.failRestrict
	}
	s.restricted[patientID] = on
	return nil
}

func (s *fakeConsentSession) Rectify(patientID string, p vault.Patient, _ string) (vault.Patient, error) {
	s.rectified = append(s.rectified, p)
	p.Version++
	s.Records[patientID] = p
	return p, nil
}

// Controller is the stored practice, else the demo details (unless
// noFallback).
func (s *fakeConsentSession) Controller() (consent.Controller, error) {
	if s.practice != nil {
		return *s.practice, nil
	}
	if s.noFallback {
		return consent.Controller{}, ErrNoController
	}
	return demoController, nil
}

func (s *fakeConsentSession) Practice() (consent.Controller, error) {
	if s.practice == nil {
		return consent.Controller{}, fmt.Errorf("practice details: %w", vault.ErrNotFound)
	}
	return *s.practice, nil
}

// SetPractice checks the permission and validates as the vault does.
func (s *fakeConsentSession) SetPractice(c consent.Controller) error {
	if !s.user.Role.Can(vault.PermGovernance) {
		return &vault.PermissionError{User: s.user.Name, Role: s.user.Role, Perm: vault.PermGovernance}
	}
	c = vault.TrimPractice(c)
	if err := vault.CheckPractice(c); err != nil {
		return err
	}
	s.practice = &c
	return nil
}

func (s *fakeConsentSession) PutScan(patientID, contentType string, data []byte) (consent.Attachment, error) {
	if !s.user.Role.Can(vault.PermConsentWrite) {
		return consent.Attachment{}, &vault.PermissionError{User: s.user.Name, Role: s.user.Role, Perm: vault.PermConsentWrite}
	}
	if len(data) == 0 || len(data) > vault.MaxScanSize {
		return consent.Attachment{}, &consent.ValidationError{Fields: []consent.FieldError{{Field: "data", Message: "size"}}}
	}
	if s.scans == nil {
		s.scans = map[string]fakeScan{}
	}
	sum := sha256.Sum256(data)
	a := consent.Attachment{Ref: fmt.Sprintf("scan-%d", len(s.scans)+1), ContentType: contentType, SHA256: hex.EncodeToString(sum[:])}
	s.scans[a.Ref] = fakeScan{patientID, contentType, slices.Clone(data)}
	return a, nil
}

func (s *fakeConsentSession) Scan(ref string) (string, []byte, error) {
	sc, ok := s.scans[ref]
	if !ok {
		return "", nil, fmt.Errorf("scan %s: %w", ref, consent.ErrNotFound)
	}
	s.scanReads++
	return sc.contentType, slices.Clone(sc.data), nil
}

// consentFixture is an App on the test driver with a settable clock.
type consentFixture struct {
	app *App
	win fyne.Window
	now time.Time
	cs  *fakeConsentSession
}

func newConsentFixture(t *testing.T, role vault.Role, now time.Time) *consentFixture {
	t.Helper()
	test.NewTempApp(t)
	f := &consentFixture{now: now, cs: newFakeConsentSession(role)}
	f.win = test.NewTempWindow(t, widget.NewLabel(""))
	f.win.Resize(fyne.NewSize(1200, 800))
	f.app = New(f.win, Options{Run: kit.SyncRunner, Now: func() time.Time { return f.now },
		Controller: func() (consent.Controller, error) {
			if f.cs.noFallback {
				return consent.Controller{}, ErrNoController
			}
			return demoController, nil
		},
		Logf: func(format string, args ...any) { t.Logf(format, args...) }})
	f.app.vault = &fakeVault{path: "/v"}
	return f
}

// uc is the use cases (package app) on the fixture's session.
func (f *consentFixture) uc() *usecase.Session { return f.app.useCases(f.cs) }

// seed loads the shipped catalogue, as creating a vault does.
func (f *consentFixture) seed(t *testing.T) {
	t.Helper()
	if err := usecase.Seed(context.Background(), f.cs.store); err != nil {
		t.Fatal(err)
	}
}

// addRequest stores a request received on a date, moved through the
// given steps as the DPO.
func (f *consentFixture) addRequest(t *testing.T, subject string, typ consent.RequestType, received time.Time, steps ...string) consent.Request {
	t.Helper()
	ctx := context.Background()
	dpo := consent.Actor{UserID: "u-dpo", Role: consent.RoleDPO}
	r, err := consent.NewRequest(consent.Intake{SubjectID: subject, Type: typ, Channel: consent.ChannelLetter, ReceivedAt: received,
		Requester: "the patient", RequesterRelation: consent.RelSelf, PurposeID: "recall", AcceptDuplicate: true}, nil, dpo, f.now)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = f.cs.store.CreateRequest(ctx, r, consent.Created(r, dpo, f.now)); err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		var tr consent.Transition
		switch s {
		case "verify":
			r, tr, err = consent.Verify(r, consent.Verification{Method: consent.VerifyIDDocument, At: f.now, Verified: true}, dpo)
		case "start":
			r, tr, err = consent.Advance(r, consent.StateInProgress, dpo, f.now, "")
		}
		if err != nil {
			t.Fatal(err)
		}
		if r, err = f.cs.store.UpdateRequest(ctx, r, tr); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// KeptRetentionItems: the plain fake kept nothing (keptSession does).
func (s *fakeConsentSession) KeptRetentionItems() ([]consent.RetentionItem, error) { return nil, nil }

// PurgeKept: the plain fake has nothing kept to purge.
func (s *fakeConsentSession) PurgeKept(consent.DeletionBatch) (int, error) { return 0, nil }

// Controls: the fake claims no security measures.
func (s *fakeConsentSession) Controls() []consent.Control { return nil }

// SetPracticeSchedule stores the details as SetPractice does and leaves
// the schedule alone (scheduleSession records the switch).
func (s *fakeConsentSession) SetPracticeSchedule(c consent.Controller, _ consent.Schedules) (vault.ScheduleResult, error) {
	if err := s.SetPractice(c); err != nil {
		return vault.ScheduleResult{}, err
	}
	return vault.ScheduleResult{Country: c.Country, Shipped: true}, nil
}
