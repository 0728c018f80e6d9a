package uitest

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"custodia/vault"
)

// Patients is the patient side of a fake session: N synthetic patients
// (SynthPatient), of which the first 50 can be read, found and changed,
// and a record of the calls the screens make. A session embeds it.
type Patients struct {
	// Reader is the signed-in user: GetPatient checks their role as the
	// vault does and withholds clinical fields from roles without them.
	Reader  vault.User
	N       int                      // what CountPatients reports
	Records map[string]vault.Patient // readable patients by id

	ListCalls   []int    // offsets asked for
	GetCalls    []string // ids read with GetPatient
	UpdateCalls int
	AddCalls    int
	// OnAdd, when set, runs before each patient AddPatientsContext stores,
	// as a person could press Cancel between two batches.
	OnAdd func()
}

// NewPatients holds n synthetic patients for user u.
func NewPatients(u vault.User, n int) *Patients {
	s := &Patients{Reader: u, N: n, Records: map[string]vault.Patient{}}
	for i := range min(n, 50) {
		p := SynthPatient(i)
		s.Records[p.ID] = p
	}
	return s
}

// SynthPatient is synthetic patient i: id p00000i, record number T-00000i.
func SynthPatient(i int) vault.Patient {
	return vault.Patient{ID: fmt.Sprintf("p%06d", i), GivenName: "Given" + fmt.Sprint(i), FamilyName: "Family",
		BirthDate: time.Date(1950+i%60, 1, 1+i%28, 0, 0, 0, 0, time.UTC), Sex: "unknown", MRN: fmt.Sprintf("T-%06d", i), Version: 1}
}

func summary(p vault.Patient) vault.PatientSummary {
	return vault.PatientSummary{ID: p.ID, GivenName: p.GivenName, FamilyName: p.FamilyName, MRN: p.MRN, BirthDate: p.BirthDate, Restricted: p.Restricted}
}

func (s *Patients) CountPatients() (int, error) { return s.N, nil }

// ListPatients lists synthetic patients offset.. (all N, not only Records).
func (s *Patients) ListPatients(offset, limit int) ([]vault.PatientSummary, error) {
	s.ListCalls = append(s.ListCalls, offset)
	var out []vault.PatientSummary
	for i := offset; i < min(offset+limit, s.N); i++ {
		out = append(out, summary(SynthPatient(i)))
	}
	return out, nil
}

// FindPatients matches a record number exactly or a given name ignoring case.
func (s *Patients) FindPatients(q vault.Query) ([]vault.PatientSummary, error) {
	var out []vault.PatientSummary
	for _, p := range s.Records {
		if (q.MRN != "" && p.MRN == q.MRN) || (q.Name != "" && strings.EqualFold(p.GivenName, q.Name)) {
			out = append(out, summary(p))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (s *Patients) GetPatient(id string) (vault.Patient, error) {
	s.GetCalls = append(s.GetCalls, id)
	if !s.Reader.Role.Can(vault.PermPatientRead) {
		return vault.Patient{}, &vault.PermissionError{User: s.Reader.Name, Role: s.Reader.Role, Perm: vault.PermPatientRead}
	}
	p, ok := s.Records[id]
	if !ok {
		return vault.Patient{}, vault.ErrNotFound
	}
	if !s.Reader.Role.Can(vault.PermPatientClinical) {
		p.Diagnosis, p.Notes = "", ""
	}
	return p, nil
}

func (s *Patients) AddPatient(p vault.Patient) (vault.Patient, error) {
	s.AddCalls++
	if err := p.Validate(); err != nil {
		return vault.Patient{}, err
	}
	p.ID, p.Version = fmt.Sprintf("new%d", s.AddCalls), 1
	s.Records[p.ID] = p
	s.N++
	return p, nil
}

// UpdatePatient stores p; a stale Version is vault.ErrConflict.
func (s *Patients) UpdatePatient(p vault.Patient) (vault.Patient, error) {
	s.UpdateCalls++
	old, ok := s.Records[p.ID]
	switch {
	case !ok:
		return vault.Patient{}, vault.ErrNotFound
	case old.Version != p.Version:
		return vault.Patient{}, fmt.Errorf("update %s: %w", p.ID, vault.ErrConflict)
	}
	p.Version++
	s.Records[p.ID] = p
	return p, nil
}

func (s *Patients) AddPatients(ps []vault.Patient) ([]vault.Patient, error) {
	var out []vault.Patient
	for _, p := range ps {
		q, err := s.AddPatient(p)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// AddPatientsContext stores all or none; OnAdd runs before each patient
// and a cancelled ctx rolls back.
func (s *Patients) AddPatientsContext(ctx context.Context, ps []vault.Patient) ([]vault.Patient, error) {
	saved, count := maps.Clone(s.Records), s.N
	for range ps {
		if s.OnAdd != nil {
			s.OnAdd()
		}
		if err := ctx.Err(); err != nil {
			s.Records, s.N = saved, count
			return nil, err
		}
	}
	out, err := s.AddPatients(ps)
	if err != nil {
		s.Records, s.N = saved, count
	}
	return out, err
}

// HasPatient reports whether the patient is stored (without a read).
func (s *Patients) HasPatient(id string) bool { _, ok := s.Records[id]; return ok }

// PutPatient stores p as it is (a rectification).
func (s *Patients) PutPatient(p vault.Patient) { s.Records[p.ID] = p }

// DeletePatient removes the patient (an executed erasure).
func (s *Patients) DeletePatient(id string) { delete(s.Records, id) }
