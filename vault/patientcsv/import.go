package patientcsv

import (
	"errors"
	"fmt"
	"io"

	"custodia/vault"
)

// Finder searches patients by record number; *vault.Session is one.
type Finder interface {
	FindPatients(q vault.Query) ([]vault.PatientSummary, error)
}

// Store is what an import writes to; *vault.Session is one.
type Store interface {
	Finder
	// AddPatients stores all or none; vault.ErrExists when an MRN is taken.
	AddPatients(ps []vault.Patient) ([]vault.Patient, error)
}

// Check parses r and checks that no MRN of the file is already in the
// vault, storing nothing: the problems of the file and the clashing MRNs
// come together in one *Error, by line and field.
func Check(f Finder, r io.Reader, opts Options) ([]Row, error) {
	rows, err := Parse(r, opts)
	if err != nil {
		return nil, err
	}
	lines, err := clashingMRNs(f, rows, opts.withDefaults().MaxErrors)
	if err != nil {
		return nil, fmt.Errorf("patientcsv: check: %w", err)
	}
	if lines != nil {
		return nil, lines
	}
	return rows, nil
}

// Import parses r and, if every line is valid and no MRN is already in the
// vault, adds all patients in one transaction. It returns the stored
// patients. On any problem nothing is written: the error is an *Error for
// the file's content, or the vault's error (permission, locked, ...).
func Import(s Store, r io.Reader, opts Options) ([]vault.Patient, error) {
	rows, err := Parse(r, opts)
	if err != nil {
		return nil, err
	}
	added, err := s.AddPatients(Patients(rows))
	if errors.Is(err, vault.ErrExists) {
		if lines, ferr := clashingMRNs(s, rows, opts.withDefaults().MaxErrors); ferr == nil && lines != nil {
			return nil, lines
		}
	}
	if err != nil {
		return nil, fmt.Errorf("patientcsv: import: %w", err)
	}
	return added, nil
}

// Patients returns the patients of parsed rows, in file order.
func Patients(rows []Row) []vault.Patient {
	ps := make([]vault.Patient, len(rows))
	for i, row := range rows {
		ps[i] = row.Patient
	}
	return ps
}

// clashingMRNs names the lines whose MRN the vault already holds, so the
// user learns which lines clash instead of a bare "already exists"; nil
// when none does.
func clashingMRNs(f Finder, rows []Row, maxErrors int) (*Error, error) {
	errs := collector{max: maxErrors}
	for _, row := range rows {
		if row.Patient.MRN == "" {
			continue
		}
		found, err := f.FindPatients(vault.Query{MRN: row.Patient.MRN})
		if err != nil {
			return nil, err
		}
		if len(found) > 0 {
			errs.add(row.Line, string(MRN), vault.RuleCSVMRNExists, fmt.Sprintf("a patient with this MRN is already in the vault (id %s)", found[0].ID))
		}
	}
	if len(errs.err.Lines) == 0 && errs.err.More == 0 {
		return nil, nil
	}
	return &errs.err, nil
}
