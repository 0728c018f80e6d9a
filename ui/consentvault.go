package ui

import (
	"context"
	"errors"
	"io"

	"custodia/consent"
	"custodia/vault"
)

// vaultConsentSession is the consent side of *vault.Session as the vault
// spells it (its ConsentStore returns the concrete store).
type vaultConsentSession interface {
	Session
	ConsentStore() *vault.ConsentStore
	ConsentActor() consent.Actor
	ErasureFacts(patientID string) (consent.ErasureFacts, error)
	ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error)
	AccessPackage(patientID, requestID string, w io.Writer, recipient vault.AccessRecipient) error
	SetRestricted(patientID string, on bool, requestID string) error
	Rectify(patientID string, corrected vault.Patient, requestID string) (vault.Patient, error)
	PurgeRetention() (int, error)
	RetentionItems() ([]consent.RetentionItem, error)
	Practice() (consent.Controller, error)
	SetPractice(c consent.Controller) error
	SetPracticeSchedule(c consent.Controller, shipped consent.Schedules) (vault.ScheduleResult, error)
	KeptRetentionItems() ([]consent.RetentionItem, error)
	PurgeKept(b consent.DeletionBatch) (int, error)
}

var _ vaultConsentSession = (*vault.Session)(nil)

// vaultConsent adapts a vault session to ConsentSession.
type vaultConsent struct {
	vaultConsentSession
	controller func() (consent.Controller, error)
}

func (v vaultConsent) Consent() consent.Store { return v.ConsentStore() }

// Controller returns the practice details stored in the vault, else
// those of the configured fallback (CUSTODIA_CONTROLLER, the demo).
func (v vaultConsent) Controller() (consent.Controller, error) {
	c, err := v.Practice()
	if err == nil || !errors.Is(err, vault.ErrNotFound) {
		return c, err
	}
	return v.controller()
}

func (v vaultConsent) PutScan(patientID, contentType string, data []byte) (consent.Attachment, error) {
	return v.ConsentStore().PutScan(context.Background(), patientID, contentType, data)
}

func (v vaultConsent) Scan(ref string) (string, []byte, error) {
	return v.ConsentStore().Scan(context.Background(), ref)
}

// demoController is the synthetic practice printed on the demo vault's
// receipts and packages.
var demoController = consent.Controller{Name: "Synthetic Practice (demo)", Address: "1 Example Street, 10115 Berlin",
	Country: "DE", Email: "privacy@practice.example", Phone: "+49 30 000000", URL: "https://practice.example/privacy",
	DPOContact: "Data-protection officer, Synthetic Practice"}

// consentSessionOf returns the consent side of a session: fakes implement
// ConsentSession, the vault's session is adapted. Controller details come
// from the vault, else from Options.Controller; an older demo vault without
// stored details has a synthetic practice.
func consentSessionOf(a *App, s Session) (ConsentSession, bool) {
	if cs, ok := s.(ConsentSession); ok {
		return cs, true
	}
	vs, ok := s.(vaultConsentSession)
	if !ok {
		return nil, false
	}
	return vaultConsent{vaultConsentSession: vs, controller: a.controller}, true
}

// controller returns the practice's details for receipts and packages.
func (a *App) controller() (consent.Controller, error) {
	if a.opts.Controller != nil {
		c, err := a.opts.Controller()
		if err == nil || !errors.Is(err, ErrNoController) || a.demo == nil {
			return c, err
		}
	}
	if a.demo != nil {
		return demoController, nil
	}
	return consent.Controller{}, ErrNoController
}
