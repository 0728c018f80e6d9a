package fhirimport

import (
	"errors"
	"fmt"
	"io"

	"custodia/vault"
)

// Import parses the bundle and, if it is well-formed (and, with Strict,
// nothing was refused), stores every patient with its encounters and
// observations in one vault transaction. It returns the stored records;
// on any problem nothing is written. An MRN already in the vault is named
// by the Patient's JSON path.
func Import(s *vault.Session, r io.Reader, opts Options) (Result, error) {
	res, err := Parse(r, opts)
	if err != nil {
		return Result{}, err
	}
	stored, err := s.AddPatientRecords(res.Records)
	if errors.Is(err, vault.ErrExists) {
		if clash := clashingMRNs(s, res); clash != nil {
			return Result{}, clash
		}
	}
	if err != nil {
		return Result{}, fmt.Errorf("fhirimport: import: %w", err)
	}
	res.Records = stored
	return res, nil
}

func clashingMRNs(s *vault.Session, res Result) error {
	var ps problemList
	seen := map[string]string{}
	for i, rec := range res.Records {
		mrn := rec.Patient.MRN
		if mrn == "" {
			continue
		}
		if first, ok := seen[mrn]; ok {
			ps.add(res.PatientPaths[i]+".identifier", RuleMRNTwice, first)
			continue
		}
		seen[mrn] = res.PatientPaths[i]
		found, err := s.FindPatients(vault.Query{MRN: mrn})
		if err != nil {
			return nil
		}
		if len(found) > 0 {
			ps.add(res.PatientPaths[i]+".identifier", RuleMRNExists)
		}
	}
	return ps.err()
}
