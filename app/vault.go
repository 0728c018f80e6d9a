package app

import (
	"context"
	"errors"

	"custodia/consent"
	"custodia/vault"
)

// VaultSession is an unlocked *vault.Session seen through the interfaces
// the use cases and the front ends need: its consent store as a
// consent.Store, scans through it, and Erased as a yes/no. Every method of
// *vault.Session stays available.
type VaultSession struct {
	*vault.Session
}

// FromVault adapts an unlocked vault session.
func FromVault(s *vault.Session) VaultSession { return VaultSession{s} }

var _ Vault = VaultSession{}

// Consent is the vault's consent store.
func (v VaultSession) Consent() consent.Store { return v.ConsentStore() }

// PutScan stores a signed consent form encrypted.
func (v VaultSession) PutScan(patientID, contentType string, data []byte) (consent.Attachment, error) {
	return v.ConsentStore().PutScan(context.Background(), patientID, contentType, data)
}

// Scan returns a stored scan's content type and bytes.
func (v VaultSession) Scan(ref string) (string, []byte, error) {
	return v.ConsentStore().Scan(context.Background(), ref)
}

// Erased reports whether the vault erased the patient.
func (v VaultSession) Erased(id string) (bool, error) {
	_, err := v.ErasedRecord(id)
	if errors.Is(err, vault.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
