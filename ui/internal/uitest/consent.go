package uitest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/consent/memstore"
	"custodia/ui/kit"
	"custodia/vault"
)

// PatientBase is the session a ConsentSession builds on: a kit.Session
// whose patients the consent side can see, change and erase, as the
// vault's erasure and rectification do.
type PatientBase interface {
	kit.Session
	// HasPatient reports whether the patient is stored (without an audited read).
	HasPatient(id string) bool
	// PutPatient stores p as it is (a rectification).
	PutPatient(p vault.Patient)
	// DeletePatient removes the patient (an executed erasure).
	DeletePatient(id string)
}

// ConsentSession is a fake session with a consent side (usecase.Vault
// over kit.Session): the reference in-memory consent store and a vault
// that records what it was asked to do. The root's whole-app tests and the
// feature packages' tests share it.
type ConsentSession struct {
	PatientBase
	Store *memstore.Store
	// Facts are what ErasureFacts reports (for every patient).
	Facts      consent.ErasureFacts
	Executed   []consent.ErasurePlan
	Restricted map[string]bool
	Packages   []vault.AccessRecipient
	Rectified  []vault.Patient
	// Stored is the stored practice details (nil: none stored).
	Stored *consent.Controller
	// Demo is what Controller falls back to when no practice is stored.
	Demo consent.Controller
	// NoFallback: no environment or demo details behind the stored ones.
	NoFallback bool
	Scans      map[string]Scan
	ScanReads  int
	// FailRestrict, when set, is what SetRestricted returns.
	FailRestrict error
	// ErasedIDs is what Erased reports (queue labels).
	ErasedIDs map[string]bool
}

var _ usecase.Vault = (*ConsentSession)(nil)

// Scan is a stored consent-form scan.
type Scan struct {
	PatientID, ContentType string
	Data                   []byte
}

// NewConsentSession puts a consent side on base; demo is the practice
// shown when none is stored.
func NewConsentSession(base PatientBase, demo consent.Controller) *ConsentSession {
	return &ConsentSession{PatientBase: base, Store: memstore.New(), Restricted: map[string]bool{}, Demo: demo}
}

// Erased reports the ids in ErasedIDs.
func (s *ConsentSession) Erased(id string) (bool, error) { return s.ErasedIDs[id], nil }

// RetentionItems: the fake lists no patient records.
func (s *ConsentSession) RetentionItems() ([]consent.RetentionItem, error) {
	return nil, usecase.ErrNoRecordItems
}

// Authorize checks the role as the vault does.
func (s *ConsentSession) Authorize(perm vault.Permission, _, _ string) error {
	u := s.User()
	if !u.Role.Can(perm) {
		return &vault.PermissionError{User: u.Name, Role: u.Role, Perm: perm}
	}
	return nil
}

// Consent is the in-memory store.
func (s *ConsentSession) Consent() consent.Store { return s.Store }

// ConsentActor is the signed-in user as a consent actor.
func (s *ConsentSession) ConsentActor() consent.Actor {
	u := s.User()
	return consent.Actor{UserID: u.ID, Role: string(u.Role)}
}

// ErasureFacts reports Facts for a stored patient.
func (s *ConsentSession) ErasureFacts(patientID string) (consent.ErasureFacts, error) {
	if !s.HasPatient(patientID) {
		return consent.ErasureFacts{}, vault.ErrNotFound
	}
	f := s.Facts
	f.SubjectID = patientID
	f.Triggers = map[consent.Trigger]time.Time{}
	for k, v := range s.Facts.Triggers {
		f.Triggers[k] = v
	}
	return f, nil
}

// ExecuteErasure checks the plan is approved, reports one record per item
// and removes the patient.
func (s *ConsentSession) ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error) {
	if plan.ApprovedBy == "" {
		return nil, fmt.Errorf("plan not approved: %w", vault.ErrValidation)
	}
	s.Executed = append(s.Executed, plan)
	var out []consent.ExecutionResult
	for _, it := range plan.Items {
		out = append(out, consent.ExecutionResult{Category: it.Category, Action: it.Action, Records: 1})
	}
	s.DeletePatient(plan.SubjectID)
	return out, nil
}

// AccessPackage records the recipient and writes a stand-in package.
func (s *ConsentSession) AccessPackage(patientID, requestID string, w io.Writer, r vault.AccessRecipient) error {
	s.Packages = append(s.Packages, r)
	_, err := fmt.Fprintf(w, "age-encryption.org/v1 package for %s request %s", patientID, requestID)
	return err
}

// AccessReport builds the domain's report from the fake's store, with
// the patient's name as the record (access_test.go in package vault
// checks the real one).
func (s *ConsentSession) AccessReport(patientID, requestID string, ctl consent.Controller) (consent.AccessReport, error) {
	ctx := context.Background()
	r, err := s.Store.GetRequest(ctx, requestID)
	if err != nil {
		return consent.AccessReport{}, err
	}
	in := consent.AccessInput{Request: r, Controller: ctl}
	if in.Index, in.Events, err = consent.LoadPatientIndex(ctx, s.Store, patientID); err != nil {
		return consent.AccessReport{}, err
	}
	p, err := s.GetPatient(patientID)
	if err != nil {
		return consent.AccessReport{}, err
	}
	in.Sections = []consent.RecordSection{{Title: "Identity", Rows: [][2]string{{"Family name", p.FamilyName}, {"Given name", p.GivenName}}}}
	return consent.BuildAccessReport(in, r.ReceivedAt.AddDate(0, 0, 3))
}

// SetRestricted records the flag (or fails with FailRestrict).
func (s *ConsentSession) SetRestricted(patientID string, on bool, _ string) error {
	if s.FailRestrict != nil {
		return s.FailRestrict
	}
	s.Restricted[patientID] = on
	return nil
}

// Rectify records and stores the corrected patient.
func (s *ConsentSession) Rectify(_ string, p vault.Patient, _ string) (vault.Patient, error) {
	s.Rectified = append(s.Rectified, p)
	p.Version++
	s.PutPatient(p)
	return p, nil
}

// Controller is the stored practice, else Demo (unless NoFallback).
func (s *ConsentSession) Controller() (consent.Controller, error) {
	if s.Stored != nil {
		return *s.Stored, nil
	}
	if s.NoFallback {
		return consent.Controller{}, usecase.ErrNoController
	}
	return s.Demo, nil
}

// Practice returns the stored details, vault.ErrNotFound when none.
func (s *ConsentSession) Practice() (consent.Controller, error) {
	if s.Stored == nil {
		return consent.Controller{}, fmt.Errorf("practice details: %w", vault.ErrNotFound)
	}
	return *s.Stored, nil
}

// SetPractice checks the permission and validates as the vault does.
func (s *ConsentSession) SetPractice(c consent.Controller) error {
	u := s.User()
	if !u.Role.Can(vault.PermGovernance) {
		return &vault.PermissionError{User: u.Name, Role: u.Role, Perm: vault.PermGovernance}
	}
	c = vault.TrimPractice(c)
	if err := vault.CheckPractice(c); err != nil {
		return err
	}
	s.Stored = &c
	return nil
}

// PutScan stores a scan as the vault does: permission, size, hash.
func (s *ConsentSession) PutScan(patientID, contentType string, data []byte) (consent.Attachment, error) {
	u := s.User()
	if !u.Role.Can(vault.PermConsentWrite) {
		return consent.Attachment{}, &vault.PermissionError{User: u.Name, Role: u.Role, Perm: vault.PermConsentWrite}
	}
	if len(data) == 0 || len(data) > vault.MaxScanSize {
		return consent.Attachment{}, &consent.ValidationError{Fields: []consent.FieldError{{Field: "data", Message: "size"}}}
	}
	if s.Scans == nil {
		s.Scans = map[string]Scan{}
	}
	sum := sha256.Sum256(data)
	a := consent.Attachment{Ref: fmt.Sprintf("scan-%d", len(s.Scans)+1), ContentType: contentType, SHA256: hex.EncodeToString(sum[:])}
	s.Scans[a.Ref] = Scan{PatientID: patientID, ContentType: contentType, Data: slices.Clone(data)}
	return a, nil
}

// Scan returns a stored scan and counts the read.
func (s *ConsentSession) Scan(ref string) (string, []byte, error) {
	sc, ok := s.Scans[ref]
	if !ok {
		return "", nil, fmt.Errorf("scan %s: %w", ref, consent.ErrNotFound)
	}
	s.ScanReads++
	return sc.ContentType, slices.Clone(sc.Data), nil
}

// KeptRetentionItems: the plain fake kept nothing (KeptSession does).
func (s *ConsentSession) KeptRetentionItems() ([]consent.RetentionItem, error) { return nil, nil }

// PurgeKept: the plain fake has nothing kept to purge.
func (s *ConsentSession) PurgeKept(consent.DeletionBatch) (int, error) { return 0, nil }

// Controls: the fake claims no security measures.
func (s *ConsentSession) Controls() []consent.Control { return nil }

// SetPracticeSchedule stores the details as SetPractice does and leaves
// the schedule alone.
func (s *ConsentSession) SetPracticeSchedule(c consent.Controller, _ consent.Schedules) (vault.ScheduleResult, error) {
	if err := s.SetPractice(c); err != nil {
		return vault.ScheduleResult{}, err
	}
	return vault.ScheduleResult{Country: c.Country, Shipped: true}, nil
}

// KeptSession is a fake session that reports kept data of erased
// patients and purges it as the vault does: only with the DPO's approval
// of the batch, only past keep-until.
type KeptSession struct {
	*ConsentSession
	Kept   []consent.RetentionItem
	Purged []string
}

// KeptRetentionItems lists Kept.
func (s *KeptSession) KeptRetentionItems() ([]consent.RetentionItem, error) {
	return slices.Clone(s.Kept), nil
}

// PurgeKept removes the approved batch's kept patients.
func (s *KeptSession) PurgeKept(b consent.DeletionBatch) (int, error) {
	u := s.User()
	if b.ApprovedBy == "" || b.ApprovedBy != u.ID || u.Role != vault.RoleDPO {
		return 0, &vault.PermissionError{User: u.Name, Role: u.Role, Perm: vault.PermApproveDeletion}
	}
	n := 0
	for _, d := range b.Items {
		id, ok := strings.CutPrefix(d.Item.RecordID, "kept:")
		if !ok {
			continue
		}
		i := slices.IndexFunc(s.Kept, func(it consent.RetentionItem) bool { return it.SubjectID == id })
		if i < 0 {
			return 0, fmt.Errorf("patient %s: %w", id, vault.ErrValidation)
		}
		s.Kept = slices.Delete(s.Kept, i, i+1)
		s.Purged = append(s.Purged, id)
		n++
	}
	return n, nil
}
