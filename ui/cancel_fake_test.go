package ui

import (
	"context"
	"maps"

	"custodia/vault"
)

// AddPatientsContext stores all or none; onAdd (when set) runs before each
// patient, as a person could press Cancel between two batches.
func (s *fakeSession) AddPatientsContext(ctx context.Context, ps []vault.Patient) ([]vault.Patient, error) {
	saved, count := maps.Clone(s.patients), s.count
	for range ps {
		if s.onAdd != nil {
			s.onAdd()
		}
		if err := ctx.Err(); err != nil {
			s.patients, s.count = saved, count
			return nil, err
		}
	}
	out, err := s.AddPatients(ps)
	if err != nil {
		s.patients, s.count = saved, count
	}
	return out, err
}
