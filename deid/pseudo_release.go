package deid

import (
	"context"
	"time"
)

// NoGeneralization builds the Result of a pseudonymised-only export: no
// quasi-identifier is generalised and no record suppressed, so the data
// stays personal data (GDPR Art. 4(5)) and must go to its recipient
// encrypted and under contract. It applies no privacy model (cfg.Models is
// ignored) but documents the re-identification risk of the quasi-
// identifiers (before equals after) and the metrics of the identity
// transformation. Identifying columns are dropped from the output as in
// Anonymize. It returns ErrInvalidConfig when t has no records or no
// quasi-identifier, and ctx.Err() when cancelled.
func NoGeneralization(ctx context.Context, t *Table, cfg Config) (*Result, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	if t == nil || t.Rows() == 0 {
		return nil, configError(ProblemNoRecords, "", "", "the table has no records")
	}
	m := &mondrian{t: t, cfg: cfg, n: t.Rows()}
	for _, c := range t.Columns {
		if c.Role != RoleQuasiIdentifying {
			continue
		}
		d, err := newDim(c, cfg.Hierarchies[c.Name])
		if err != nil {
			return nil, err
		}
		m.dims = append(m.dims, d)
	}
	if len(m.dims) == 0 {
		return nil, configError(ProblemNoQuasiIdentifier, "", "", "no quasi-identifying column")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sizes := m.inputClassSizes()
	res := identityResult(m, sizes)
	end := now()
	res.Timings = Timings{Total: end.Sub(start), Output: end.Sub(start)}
	return res, nil
}

func identityResult(m *mondrian, sizes []int) *Result {
	dm := 0.0
	for _, s := range sizes {
		dm += float64(s) * float64(s)
	}
	risk := riskOf(sizes)
	res := &Result{
		Algorithm:        "none",
		Metric:           m.metric(),
		SuppressionLimit: m.cfg.SuppressionLimit,
		Records:          m.n,
		Classes:          len(sizes),
		Metrics:          MetricValues{DM: dm, AECS: float64(m.n) / float64(len(sizes)), Precision: 1},
		RiskBefore:       risk,
		RiskAfter:        risk,
		RowIndex:         make([]int, m.n),
		SuppressedRows:   []int{},
		Output:           &Table{rows: m.n},
	}
	res.Score = scoreOf(res.Metric, res.Metrics)
	for i := range res.RowIndex {
		res.RowIndex[i] = i
	}
	for _, d := range m.dims {
		res.Transformation = append(res.Transformation, QITransform{Column: d.col.Name, Level: 0, Height: d.hier.Height()})
	}
	for _, c := range m.t.Columns {
		if c.Role != RoleIdentifying {
			res.Output.Columns = append(res.Output.Columns, &Column{Name: c.Name, Role: c.Role, Type: c.Type,
				Dict: append([]string(nil), c.Dict...), Codes: c.Codes})
		}
	}
	return res
}
