package app

import (
	"errors"

	"custodia/vault"
)

// RequirePatient checks that id names a patient of this vault before
// something is recorded about them, so a mistyped id leaves no orphan
// records. Requests may concern an erased patient (asking what was kept),
// consents may not: erasedOK says which. Errors wrap ErrUnknownPatient or
// ErrPatientErased together with vault.ErrNotFound.
func (s *Session) RequirePatient(id string, erasedOK bool) error {
	_, err := s.v.GetPatient(id)
	if err == nil || !errors.Is(err, vault.ErrNotFound) {
		return err
	}
	erased, eerr := s.v.Erased(id)
	switch {
	case eerr != nil:
		return eerr
	case erased && erasedOK:
		return nil
	case erased:
		return errorf(ErrPatientErased, err, "patient %s was erased (GDPR Art. 17)", id)
	}
	return errorf(ErrUnknownPatient, err, "no patient with id %s", id)
}

// Patient returns one patient record (the vault checks the role and
// withholds clinical fields it may not read).
func (s *Session) Patient(id string) (vault.Patient, error) { return s.v.GetPatient(id) }
