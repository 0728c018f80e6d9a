package deid

import (
	"context"
	"time"
)

// Anonymize finds the globally optimal full-domain generalisation of t's
// quasi-identifiers under cfg (see package doc for the search and its
// tie-breaking) and returns the transformed table with its metrics and
// risks. It returns ErrNoSolution (wrapped) if no node of the lattice
// satisfies the models within the suppression limit, ErrInvalidConfig or
// ErrInvalidHierarchy for bad input, and ctx.Err() when cancelled.
func Anonymize(ctx context.Context, t *Table, cfg Config) (*Result, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	p, err := prepare(t, cfg)
	if err != nil {
		return nil, err
	}
	prepared := now()
	best, stats, err := p.search(ctx)
	if err != nil {
		return nil, err
	}
	searched := now()
	res, err := p.result(ctx, best, stats)
	if err != nil {
		return nil, err
	}
	end := now()
	res.Timings = Timings{
		Prepare: prepared.Sub(start),
		Search:  searched.Sub(prepared),
		Output:  end.Sub(searched),
		Total:   end.Sub(start),
	}
	return res, nil
}

func errNoSolution(cfg Config) error {
	return &NoSolutionError{SuppressionLimit: cfg.SuppressionLimit}
}
