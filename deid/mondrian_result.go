package deid

import (
	"math"
	"sort"
	"strings"
)

// cellInfo describes one generalised cell of a partition.
type cellInfo struct {
	label  string
	leaves int // distinct data values the cell stands for
	domain int // values of the hierarchy's domain it stands for (loss)
	freq   int // input records holding one of those values
	level  int // lowest hierarchy level covering them
}

// result builds the output table, metrics and risks from the partitions.
func (m *mondrian) result() (*Result, error) {
	q := len(m.dims)
	labels := make([][]uint32, q) // per dimension: label code per partition
	outCols := make([]*Column, q)
	var lvlSum, lossSum, entSum float64
	scratch := make([]bool, m.maxDict())
	var touched []uint32
	for d, dim := range m.dims {
		outCols[d] = &Column{Name: dim.col.Name, Role: dim.col.Role, Type: TypeString}
		labels[d] = make([]uint32, len(m.leaves))
		for pi, p := range m.leaves {
			var c cellInfo
			c, touched = m.cell(dim, d, p, scratch, touched)
			size := float64(p.hi - p.lo)
			labels[d][pi] = outCols[d].Code(c.label)
			lvlSum += size * ratio(c.level, dim.hier.Height())
			if D := dim.hier.Domain; D > 1 {
				lossSum += size * float64(c.domain-1) / float64(D-1)
			}
			entSum += size * math.Log2(float64(c.freq))
		}
		for _, f := range dim.freq {
			entSum -= float64(f) * math.Log2(float64(f))
		}
	}
	out := m.outputTable(outCols, labels)
	n, fq := float64(m.n), float64(q)
	sizes := make([]int, len(m.leaves))
	dm := 0.0
	for i, p := range m.leaves {
		sizes[i] = p.hi - p.lo
		dm += float64(sizes[i]) * float64(sizes[i])
	}
	res := &Result{
		Algorithm:        "mondrian",
		Metric:           m.metric(),
		SuppressionLimit: m.cfg.SuppressionLimit,
		Records:          m.n,
		Classes:          len(m.leaves),
		Metrics: MetricValues{
			DM:                dm,
			AECS:              n / float64(len(m.leaves)),
			Precision:         1 - lvlSum/(n*fq),
			NonUniformEntropy: entSum,
			Intensity:         lvlSum / (n * fq),
			Loss:              lossSum / (n * fq),
		},
		RiskBefore:     riskOf(m.inputClassSizes()),
		RiskAfter:      riskOf(sizes),
		Output:         out,
		RowIndex:       make([]int, m.n),
		SuppressedRows: []int{},
	}
	for i := range res.RowIndex {
		res.RowIndex[i] = i
	}
	for _, model := range m.cfg.Models {
		res.Models = append(res.Models, model.String())
	}
	for _, dim := range m.dims {
		res.Transformation = append(res.Transformation, QITransform{Column: dim.col.Name, Level: -1, Height: dim.hier.Height()})
	}
	res.Score = scoreOf(res.Metric, res.Metrics)
	if m.checks.avgMax > 0 && res.RiskAfter.ProsecutorAvg > m.checks.avgMax+1e-12 {
		return nil, &ModelFailsError{Model: AverageRisk{m.checks.avgMax}.String(), Risk: res.RiskAfter.ProsecutorAvg, Threshold: m.checks.avgMax}
	}
	return res, nil
}

func (m *mondrian) metric() Metric {
	if m.cfg.Metric == "" {
		return MetricDM
	}
	return Metric(strings.ToLower(strings.TrimSpace(string(m.cfg.Metric))))
}

// scoreOf returns the objective value of metric mt.
func scoreOf(mt Metric, v MetricValues) float64 {
	switch mt {
	case MetricAECS:
		return v.AECS
	case MetricPrecision:
		return 1 - v.Precision
	case MetricEntropy:
		return v.NonUniformEntropy
	case MetricIntensity:
		return v.Intensity
	case MetricLoss:
		return v.Loss
	}
	return v.DM
}

func (m *mondrian) maxDict() int {
	n := 0
	for _, d := range m.dims {
		n = max(n, len(d.byRank))
	}
	return n
}

// outputTable assembles the released table: generalised quasi-identifiers,
// identifying columns dropped, other columns shared with the input.
func (m *mondrian) outputTable(qiCols []*Column, labels [][]uint32) *Table {
	for d, c := range qiCols {
		c.Codes = make([]uint32, m.n)
		for pi, p := range m.leaves {
			code := labels[d][pi]
			for _, r := range m.perm[p.lo:p.hi] {
				c.Codes[r] = code
			}
		}
	}
	out := &Table{rows: m.n}
	d := 0
	for _, c := range m.t.Columns {
		switch c.Role {
		case RoleIdentifying:
		case RoleQuasiIdentifying:
			out.Columns = append(out.Columns, qiCols[d])
			d++
		default:
			out.Columns = append(out.Columns, &Column{Name: c.Name, Role: c.Role, Type: c.Type,
				Dict: append([]string(nil), c.Dict...), Codes: c.Codes})
		}
	}
	return out
}

// cell generalises dimension di (d) over partition p. scratch (all false)
// and touched are reused between calls.
func (m *mondrian) cell(d *mdim, di int, p mpart, scratch []bool, touched []uint32) (cellInfo, []uint32) {
	touched = touched[:0]
	for i := p.lo; i < p.hi; i++ {
		rk := m.rank(i, di)
		if !scratch[rk] {
			scratch[rk] = true
			touched = append(touched, rk)
		}
	}
	for _, rk := range touched {
		scratch[rk] = false
	}
	sort.Slice(touched, func(a, b int) bool { return touched[a] < touched[b] })
	lo, hi := touched[0], touched[len(touched)-1]
	if d.numeric {
		// A range stands for every data value between its ends.
		touched = touched[:0]
		for rk := lo; rk <= hi; rk++ {
			touched = append(touched, rk)
		}
	}
	c := cellInfo{leaves: len(touched), level: d.lcaLevel(touched)}
	for _, rk := range touched {
		c.freq += d.freq[d.byRank[rk]]
	}
	c.label = d.label(touched, lo, hi, c.level)
	c.domain = c.leaves
	if g := d.hier.Map[c.level][d.byRank[lo]]; !d.numeric && len(touched) > 1 && d.hier.Leaves[c.level][g] == len(touched) {
		c.domain = d.hier.DomainLeaves[c.level][g] // the label is the hierarchy's node
	}
	return c, touched
}

// lcaLevel returns the lowest hierarchy level at which all ranks share
// one generalised value.
func (d *mdim) lcaLevel(ranks []uint32) int {
	if len(ranks) == 1 {
		return 0
	}
	for l := 1; l <= d.hier.Height(); l++ {
		g := d.hier.Map[l][d.byRank[ranks[0]]]
		same := true
		for _, rk := range ranks[1:] {
			if d.hier.Map[l][d.byRank[rk]] != g {
				same = false
				break
			}
		}
		if same {
			return l
		}
	}
	return d.hier.Height()
}

func (d *mdim) label(ranks []uint32, lo, hi uint32, level int) string {
	dict := d.col.Dict
	switch {
	case lo == hi:
		return dict[d.byRank[lo]]
	case d.numeric:
		return "[" + dict[d.byRank[lo]] + "-" + dict[d.byRank[hi]] + "]"
	}
	g := d.hier.Map[level][d.byRank[ranks[0]]]
	if d.hier.Leaves[level][g] == len(ranks) {
		return d.hier.Dicts[level][g]
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, rk := range ranks {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(dict[d.byRank[rk]])
	}
	b.WriteByte('}')
	return b.String()
}

// inputClassSizes returns the sizes of the classes of identical
// quasi-identifier tuples in the input.
func (m *mondrian) inputClassSizes() []int {
	ids := make([]uint32, m.n)
	classes := 1
	for _, dim := range m.dims {
		next := make(map[uint64]uint32, classes)
		for r, code := range dim.col.Codes {
			key := uint64(ids[r])<<32 | uint64(code)
			id, ok := next[key]
			if !ok {
				id = uint32(len(next))
				next[key] = id
			}
			ids[r] = id
		}
		classes = len(next)
	}
	sizes := make([]int, classes)
	for _, id := range ids {
		sizes[id]++
	}
	return sizes
}
