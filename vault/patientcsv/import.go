package patientcsv

import (
	"errors"
	"fmt"
	"io"

	"custodia/vault"
)

// Import parses r and, if every line is valid and no MRN is already in the
// vault, adds all patients in one transaction. It returns the stored
// patients. On any problem nothing is written: the error is an *Error for
// the file's content, or the vault's error (permission, locked, ...).
func Import(s *vault.Session, r io.Reader, opts Options) ([]vault.Patient, error) {
	rows, err := Parse(r, opts)
	if err != nil {
		return nil, err
	}
	ps := make([]vault.Patient, len(rows))
	for i, row := range rows {
		ps[i] = row.Patient
	}
	added, err := s.AddPatients(ps)
	if errors.Is(err, vault.ErrExists) {
		if lines := clashingMRNs(s, rows, opts.withDefaults().MaxErrors); lines != nil {
			return nil, lines
		}
	}
	if err != nil {
		return nil, fmt.Errorf("patientcsv: import: %w", err)
	}
	return added, nil
}

// clashingMRNs names the lines whose MRN the vault already holds, so the
// user learns which lines clash instead of a bare "already exists". It is
// called only after AddPatients refused the file, and returns nil if it
// finds no clash (or may not search).
func clashingMRNs(s *vault.Session, rows []Row, maxErrors int) error {
	errs := collector{max: maxErrors}
	for _, row := range rows {
		if row.Patient.MRN == "" {
			continue
		}
		found, err := s.FindPatients(vault.Query{MRN: row.Patient.MRN})
		if err != nil {
			return nil
		}
		if len(found) > 0 {
			errs.add(row.Line, string(MRN), "a patient with this MRN is already in the vault (id %s)", found[0].ID)
		}
	}
	return errs.result()
}
