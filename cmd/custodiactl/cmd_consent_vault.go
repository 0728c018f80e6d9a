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
		vault: sessionRecords{s}, now: now}
}

// errNoVaultSupport is returned while the vault lacks an operation.
var errNoVaultSupport = errors.New("operation not supported by this vault version")

// sessionRecords adapts *vault.Session to recordOps.
type sessionRecords struct{ s *vault.Session }

func (r sessionRecords) GetPatient(id string) (vault.Patient, error) { return r.s.GetPatient(id) }

func (r sessionRecords) SetRestricted(patientID string, on bool, requestID string) error {
	if f, ok := any(r.s).(interface {
		SetRestricted(string, bool, string) error
	}); ok {
		return f.SetRestricted(patientID, on, requestID)
	}
	return errNoVaultSupport
}

func (r sessionRecords) Rectify(patientID string, corrected vault.Patient, requestID string) (vault.Patient, error) {
	if f, ok := any(r.s).(interface {
		Rectify(string, vault.Patient, string) (vault.Patient, error)
	}); ok {
		return f.Rectify(patientID, corrected, requestID)
	}
	return vault.Patient{}, errNoVaultSupport
}

func (r sessionRecords) ErasureFacts(patientID string) (consent.ErasureFacts, error) {
	if f, ok := any(r.s).(interface {
		ErasureFacts(string) (consent.ErasureFacts, error)
	}); ok {
		return f.ErasureFacts(patientID)
	}
	return consent.ErasureFacts{}, errNoVaultSupport
}

func (r sessionRecords) ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error) {
	if f, ok := any(r.s).(interface {
		ExecuteErasure(consent.ErasurePlan) ([]consent.ExecutionResult, error)
	}); ok {
		return f.ExecuteErasure(plan)
	}
	return nil, errNoVaultSupport
}

func (r sessionRecords) AccessPackage(patientID, requestID string, w io.Writer, to packageRecipient) error {
	return errNoVaultSupport
}

func (r sessionRecords) RetentionItems() ([]consent.RetentionItem, error) {
	if f, ok := any(r.s).(interface {
		RetentionItems() ([]consent.RetentionItem, error)
	}); ok {
		return f.RetentionItems()
	}
	return nil, errNoVaultSupport
}

func (r sessionRecords) AddScan(patientID, contentType string, data []byte) (consent.Attachment, error) {
	return consent.Attachment{}, errNoVaultSupport
}
