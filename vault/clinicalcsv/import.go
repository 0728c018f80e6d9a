package clinicalcsv

import (
	"context"
	"fmt"

	"custodia/vault"
)

// Store is what an import writes to; *vault.Session is one.
type Store interface {
	// AddClinical stores encounters and observations in one transaction:
	// all or none. The vault checks the role and audits the write.
	AddClinical(encs []vault.Encounter, obs []vault.Observation) ([]vault.Encounter, []vault.Observation, error)
}

// Save stores a checked result (Parse) in one vault transaction: all or
// nothing. A ctx cancelled before it starts stores nothing.
func Save(ctx context.Context, s Store, res Result) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	encs, obs, err := s.AddClinical(res.Encounters, res.Observations)
	if err != nil {
		return Result{}, fmt.Errorf("clinicalcsv: import: %w", err)
	}
	return Result{Encounters: encs, Observations: obs}, nil
}
