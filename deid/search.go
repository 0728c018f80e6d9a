package deid

import (
	"context"
	"errors"
)

type searchStats struct{ evaluated int }

func (p *problem) precompute() {}

// search is being written; see API.md.
func (p *problem) search(ctx context.Context) ([]int, searchStats, error) {
	return nil, searchStats{}, errors.New("deid: search not yet implemented")
}

func (p *problem) result(ctx context.Context, levels []int, st searchStats) (*Result, error) {
	return nil, errors.New("deid: search not yet implemented")
}
