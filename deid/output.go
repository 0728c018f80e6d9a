package deid

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// result builds the Result for the chosen node: statistics recomputed from
// the base frequency set, the transformed table and the risks.
func (p *problem) result(ctx context.Context, levels []int, ss searchStats) (*Result, error) {
	ev := p.ev
	if ev == nil {
		var err error
		if ev, err = newEvaluator(ctx, p); err != nil {
			return nil, err
		}
	}
	node := p.nodeOf(levels)
	fs := ev.rollup(ev.base, node, levels)
	st := ev.classify(fs, true, true)
	res := &Result{
		Algorithm:        "optimal",
		Metric:           p.metric,
		SuppressionLimit: p.cfg.SuppressionLimit,
		Score:            st.score,
		Records:          p.n,
		Suppressed:       st.suppressed,
		Classes:          st.kept,
		Metrics:          st.values,
		NodesTotal:       p.nodes,
		NodesEvaluated:   ss.evaluated,
	}
	for _, m := range p.cfg.Models {
		res.Models = append(res.Models, m.String())
	}
	for i, name := range p.names {
		res.Transformation = append(res.Transformation, QITransform{Column: name, Level: levels[i], Height: p.heights[i]})
	}
	res.RiskBefore = riskOf(qiClassSizes(ev.base, p.sbits, nil))
	res.RiskAfter = riskOf(qiClassSizes(fs, p.sbits, st.validEntry))
	keep, err := p.keptRows(ctx, fs, st.validEntry, levels, st.suppressed == 0)
	if err != nil {
		return nil, err
	}
	res.Output, res.RowIndex, res.SuppressedRows = p.buildOutput(levels, keep)
	return res, nil
}

// keptRows marks the records whose class is kept (all when none is
// suppressed).
func (p *problem) keptRows(ctx context.Context, fs *freqSet, valid []bool, levels []int, all bool) ([]bool, error) {
	if all {
		keep := make([]bool, p.n)
		for r := range keep {
			keep[r] = true
		}
		return keep, nil
	}
	var h hashIndex
	h.reset(len(fs.keys))
	for j, k := range fs.keys {
		_, pos := h.find(k, fs.keys[:j])
		h.slots[pos] = int32(j)
	}
	keep := make([]bool, p.n)
	var tasks []func()
	for from := 0; from < p.n; from += 1 << 16 {
		tasks = append(tasks, func() {
			if ctx.Err() != nil {
				return
			}
			var block [1 << 12]uint64
			for b := from; b < min(from+1<<16, p.n); b += len(block) {
				keys := block[:min(len(block), p.n-b)]
				p.blockKeys(b, levels, keys)
				for i, k := range keys {
					j, _ := h.find(k, fs.keys)
					keep[b+i] = valid[j]
				}
			}
		})
	}
	parallelDo(tasks)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return keep, nil
}

// buildOutput returns the kept records: QIs generalised (typed as strings
// once generalised), identifying columns dropped, others unchanged.
func (p *problem) buildOutput(levels []int, keep []bool) (*Table, []int, []int) {
	kept := 0
	for _, k := range keep {
		if k {
			kept++
		}
	}
	rowIndex, suppressed := make([]int, 0, kept), make([]int, 0, len(keep)-kept)
	for r, k := range keep {
		if k {
			rowIndex = append(rowIndex, r)
		} else {
			suppressed = append(suppressed, r)
		}
	}
	qiOf := make(map[int]int, len(p.qi))
	for i, col := range p.qi {
		qiOf[col] = i
	}
	out := &Table{rows: len(rowIndex)}
	var fill []func()
	for ci, c := range p.t.Columns {
		if c.Role == RoleIdentifying {
			continue
		}
		oc := &Column{Name: c.Name, Role: c.Role, Type: c.Type}
		var m []uint32
		if i, ok := qiOf[ci]; ok {
			oc.Dict = slices.Clip(slices.Clone(p.hier[i].Dicts[levels[i]]))
			m = p.hier[i].Map[levels[i]]
			if levels[i] > 0 {
				oc.Type = TypeString
			}
		} else {
			oc.Dict = slices.Clip(slices.Clone(c.Dict))
		}
		if isIdentity(m) {
			m = nil
		}
		out.Columns = append(out.Columns, oc)
		if m == nil && len(suppressed) == 0 {
			// Every row kept, codes unchanged: share the input's array
			// (clipped, so appending to either never writes into the other).
			oc.Codes = slices.Clip(c.Codes)
			continue
		}
		oc.Codes = make([]uint32, len(rowIndex))
		fill = append(fill, func() { fillCodes(oc.Codes, c.Codes, m, rowIndex, len(suppressed) == 0) })
	}
	parallelDo(fill)
	return out, rowIndex, suppressed
}

// isIdentity reports whether m maps every code to itself (a level-0
// generalisation map), so mapping through it can be skipped.
func isIdentity(m []uint32) bool {
	for i, v := range m {
		if v != uint32(i) {
			return false
		}
	}
	return true
}

// qiClassSizes groups a frequency set by its quasi-identifier part and
// returns the class sizes, skipping entries with valid[j] == false.
func qiClassSizes(fs *freqSet, sbits uint, valid []bool) []int {
	var h hashIndex
	var keys []uint64
	var sizes []int
	h.reset(len(fs.keys))
	for j, k := range fs.keys {
		if valid != nil && !valid[j] {
			continue
		}
		qk := k >> sbits
		s, pos := h.find(qk, keys)
		if s < 0 {
			s = int32(len(keys))
			h.slots[pos] = s
			keys = append(keys, qk)
			sizes = append(sizes, 0)
		}
		sizes[s] += int(fs.counts[j])
	}
	return sizes
}

// riskOf computes the re-identification risks of records grouped into
// classes of the given sizes (see Risk).
func riskOf(sizes []int) Risk {
	var r Risk
	r.Classes = len(sizes)
	hist := map[int]int{}
	for _, s := range sizes {
		r.Records += s
		if s == 1 {
			r.SampleUniques++
		}
		if r.SmallestClass == 0 || s < r.SmallestClass {
			r.SmallestClass = s
		}
		hist[s]++
	}
	if r.Records == 0 {
		return r
	}
	n := float64(r.Records)
	r.ProsecutorMax = 1 / float64(r.SmallestClass)
	r.ProsecutorAvg = float64(r.Classes) / n
	r.JournalistMax, r.JournalistAvg = r.ProsecutorMax, r.ProsecutorAvg
	r.Marketer = float64(r.Classes) / n
	r.SampleUniqueFrac = float64(r.SampleUniques) / n
	for size, c := range hist {
		r.ClassSizeHistogram = append(r.ClassSizeHistogram, Bin{Size: size, Classes: c})
	}
	sort.Slice(r.ClassSizeHistogram, func(a, b int) bool { return r.ClassSizeHistogram[a].Size < r.ClassSizeHistogram[b].Size })
	return r
}

// fillCodes sets dst to src's codes at rows (all rows when every row is
// kept), mapped through m if not nil.
func fillCodes(dst, src, m []uint32, rows []int, all bool) {
	switch {
	case all && m == nil:
		copy(dst, src)
	case all:
		for r, code := range src {
			dst[r] = m[code]
		}
	case m == nil:
		for o, r := range rows {
			dst[o] = src[r]
		}
	default:
		for o, r := range rows {
			dst[o] = m[src[r]]
		}
	}
}

// parallelDo runs the tasks on up to GOMAXPROCS goroutines and waits.
func parallelDo(tasks []func()) {
	workers := min(runtime.GOMAXPROCS(0), len(tasks))
	if workers < 2 {
		for _, t := range tasks {
			t()
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(tasks); i = int(next.Add(1)) - 1 {
				tasks[i]()
			}
		}()
	}
	wg.Wait()
}
