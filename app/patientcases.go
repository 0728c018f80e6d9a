package app

import (
	"context"
	"errors"
	"io"
	"strings"

	"custodia/vault"
	"custodia/vault/patientcsv"
)

// The patient use cases take the smallest part of an unlocked session they
// need, so the command line passes its *vault.Session and the desktop app
// its own session interface. The vault checks the role and audits every
// read and write; these functions hold the steps both front ends share and
// the errors they test with errors.Is.

// PatientWriter adds and changes patient records.
type PatientWriter interface {
	// AddPatient returns a *vault.ValidationError naming the bad fields
	// and vault.ErrExists for a record number already taken.
	AddPatient(p vault.Patient) (vault.Patient, error)
	// UpdatePatient returns vault.ErrConflict when p.Version is stale and
	// vault.ErrRestricted for a restricted patient.
	UpdatePatient(p vault.Patient) (vault.Patient, error)
}

// PatientReader reads one patient record for the signed-in user.
type PatientReader interface {
	User() vault.User
	// GetPatient returns vault.ErrNotFound for an unknown or erased id.
	GetPatient(id string) (vault.Patient, error)
}

// PatientLister pages through the patients and counts them.
type PatientLister interface {
	CountPatients() (int, error)
	ListPatients(offset, limit int) ([]vault.PatientSummary, error)
}

// AddPatient registers a new patient (the vault validates the fields and
// returns a *vault.ValidationError listing them).
func AddPatient(w PatientWriter, p vault.Patient) (vault.Patient, error) {
	return w.AddPatient(p)
}

// EditPatient stores corrected fields of a patient read before: p.Version
// must be the version read (vault.ErrConflict when someone changed the
// record since); a restricted patient is read-only (vault.ErrRestricted).
func EditPatient(w PatientWriter, p vault.Patient) (vault.Patient, error) {
	return w.UpdatePatient(p)
}

// PatientRecord is one patient as the signed-in user may see it.
type PatientRecord struct {
	vault.Patient
	// ClinicalWithheld: the role may not read diagnosis and notes, so the
	// vault left them empty (which says nothing about the record).
	ClinicalWithheld bool
}

// ShowPatient reads one patient record: ErrUnknownPatient (with
// vault.ErrNotFound) for an id the vault does not hold.
func ShowPatient(r PatientReader, id string) (PatientRecord, error) {
	p, err := r.GetPatient(id)
	if errors.Is(err, vault.ErrNotFound) {
		return PatientRecord{}, errorf(ErrUnknownPatient, err, "no patient with id %s", SafeID(id))
	}
	if err != nil {
		return PatientRecord{}, err
	}
	withheld := !r.User().Role.Can(vault.PermPatientClinical)
	return PatientRecord{Patient: p, ClinicalWithheld: withheld}, nil
}

// CheckPage checks a page of a listing: an offset of at least 0 and a
// limit of at least 1 (ErrBadPage otherwise). Front ends may call it
// before they unlock, to refuse bad input early.
func CheckPage(offset int64, limit int) error {
	if offset < 0 || limit < 1 {
		return errorf(ErrBadPage, nil, "a page needs an offset of at least 0 and a limit of at least 1 (got %d and %d)", offset, limit)
	}
	return nil
}

// ListPatients returns a page of patients in the order they were added.
func ListPatients(l PatientLister, offset, limit int) ([]vault.PatientSummary, error) {
	if err := CheckPage(int64(offset), limit); err != nil {
		return nil, err
	}
	return l.ListPatients(offset, limit)
}

// CountPatients returns how many patients the vault holds.
func CountPatients(l PatientLister) (int, error) { return l.CountPatients() }

// CheckPatientCSV reads a patient CSV file and checks it against the vault
// without storing anything: the file's problems and the record numbers the
// vault already holds come together in one *patientcsv.Error, by line and
// field (it wraps patientcsv.ErrInvalid).
func CheckPatientCSV(f patientcsv.Finder, r io.Reader, opts patientcsv.Options) ([]vault.Patient, error) {
	rows, err := patientcsv.Check(f, r, opts)
	if err != nil {
		return nil, err
	}
	return patientcsv.Patients(rows), nil
}

// PatientImporter stores checked patients: all or none, cancellable
// (*vault.Session).
type PatientImporter interface {
	AddPatientsContext(ctx context.Context, ps []vault.Patient) ([]vault.Patient, error)
}

// ImportPatients stores checked patients in one transaction: all or none.
// Cancelling ctx stops it between batches and rolls the transaction back:
// it returns context.Canceled, no patient of the file is stored and the
// audit trail gains only the one entry recording the cancelled import.
func ImportPatients(ctx context.Context, s PatientImporter, ps []vault.Patient) ([]vault.Patient, error) {
	return s.AddPatientsContext(ctx, ps)
}

// SafeID returns what was typed as a patient id when it looks like one (a
// UUID), else "…": a name typed in its place is personal data and stays
// out of messages. The placeholder has no words, so it reads the same in
// every language.
func SafeID(s string) string {
	if len(s) == 36 && strings.Count(s, "-") == 4 && strings.Trim(s, "0123456789abcdefABCDEF-") == "" {
		return s
	}
	return "…"
}
