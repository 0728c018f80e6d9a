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

// PatientFinder searches patients; *vault.Session is one (it checks the
// role and audits the search).
type PatientFinder interface {
	FindPatients(q vault.Query) ([]vault.PatientSummary, error)
}

// FindPatients runs the queries (a name read several ways, a birth date,
// a record number) and merges the matches by id, in the order found.
func FindPatients(f PatientFinder, qs ...vault.Query) ([]vault.PatientSummary, error) {
	seen := map[string]bool{}
	var out []vault.PatientSummary
	for _, q := range qs {
		rs, err := f.FindPatients(q)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r)
			}
		}
	}
	return out, nil
}
