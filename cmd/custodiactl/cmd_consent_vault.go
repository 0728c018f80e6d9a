package main

import (
	"context"
	"errors"
	"io"
	"time"

	"custodia/consent"
	"custodia/vault"
)

// newVaultGDPR wires the GDPR commands to an unlocked vault session: the
// vault's consent store, the session user as actor, and the session's
// record operations.
func newVaultGDPR(s *vault.Session, now time.Time) *gdpr {
	return &gdpr{ctx: context.Background(), store: s.ConsentStore(), actor: s.ConsentActor(),
		vault: sessionRecords{s}, now: now, practice: s.Practice, controls: s.Controls}
}

// errNoRecordItems: the session does not list patient records for the
// retention schedule (a vault without Session.RetentionItems).
var errNoRecordItems = errors.New("the vault does not report patient records for the retention schedule yet")

// sessionRecords adapts *vault.Session to recordOps.
type sessionRecords struct{ s *vault.Session }

func (r sessionRecords) Authorize(perm vault.Permission, action, object string) error {
	return r.s.Authorize(perm, action, object)
}

func (r sessionRecords) GetPatient(id string) (vault.Patient, error) { return r.s.GetPatient(id) }

func (r sessionRecords) Erased(id string) (bool, error) {
	_, err := r.s.ErasedRecord(id)
	if errors.Is(err, vault.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (r sessionRecords) SetRestricted(patientID string, on bool, requestID string) error {
	return r.s.SetRestricted(patientID, on, requestID)
}

func (r sessionRecords) Rectify(patientID string, corrected vault.Patient, requestID string) (vault.Patient, error) {
	return r.s.Rectify(patientID, corrected, requestID)
}

func (r sessionRecords) ErasureFacts(patientID string) (consent.ErasureFacts, error) {
	return r.s.ErasureFacts(patientID)
}

func (r sessionRecords) ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error) {
	return r.s.ExecuteErasure(plan)
}

func (r sessionRecords) AccessPackage(patientID, requestID string, w io.Writer, to packageRecipient) error {
	return r.s.AccessPackage(patientID, requestID, w, vault.AccessRecipient{
		Passphrase: string(to.passphrase), X25519: to.ageKey, Controller: to.controller})
}

func (r sessionRecords) RetentionItems() ([]consent.RetentionItem, error) {
	if f, ok := any(r.s).(interface {
		RetentionItems() ([]consent.RetentionItem, error)
	}); ok {
		return f.RetentionItems()
	}
	return nil, errNoRecordItems
}

func (r sessionRecords) KeptRetentionItems() ([]consent.RetentionItem, error) {
	return r.s.KeptRetentionItems()
}

func (r sessionRecords) PurgeKept(b consent.DeletionBatch) (int, error) { return r.s.PurgeKept(b) }

func (r sessionRecords) AddScan(patientID, contentType string, data []byte) (consent.Attachment, error) {
	return r.s.ConsentStore().PutScan(context.Background(), patientID, contentType, data)
}
