package deid

import (
	"math/rand"
	"slices"
)

// GenerateLike returns n synthetic records drawn like src (used to build
// Adult-like tables of any size for benchmarks and scale tests): each
// record copies a uniformly chosen source record (keeping the joint
// distribution of its columns), then each cell is, with probability noise,
// replaced by the value of another random record in that column (keeping
// the column's marginal distribution, and every value inside the column's
// hierarchy). Roles and types are copied; dictionaries are shared by value.
// The output is deterministic for a given seed.
func GenerateLike(src *Table, n int, seed int64, noise float64) *Table {
	rng := rand.New(rand.NewSource(seed))
	out := &Table{rows: n}
	rows := src.Rows()
	for _, c := range src.Columns {
		out.Columns = append(out.Columns, &Column{Name: c.Name, Role: c.Role, Type: c.Type,
			Dict: slices.Clip(slices.Clone(c.Dict)), Codes: make([]uint32, n)})
	}
	if rows == 0 {
		out.rows = 0
		for _, c := range out.Columns {
			c.Codes = c.Codes[:0]
		}
		return out
	}
	for r := 0; r < n; r++ {
		s := rng.Intn(rows)
		for i, c := range src.Columns {
			from := s
			if noise > 0 && rng.Float64() < noise {
				from = rng.Intn(rows)
			}
			out.Columns[i].Codes[r] = c.Codes[from]
		}
	}
	return out
}
