package deid

import "math"

// Metric formulas (N input records, q quasi-identifiers, h_i the height of
// QI i's hierarchy, l_i its level in the node, S suppressed records):
//
//   - DM   = Σ_{kept classes E} |E|² + S·N
//   - AECS = N / (kept classes + (1 if S > 0))
//   - precision = 1 − [Σ_i l_i/h_i + S·Σ_i(1 − l_i/h_i)/N] / q; a suppressed
//     cell counts as fully generalised (l/h = 1); a QI of height 0 counts 0.
//   - non-uniform entropy = Σ_i Σ_records −log2(f_0(v)/f_l(g(v))), with f_l the
//     input frequency of the generalised value; a suppressed cell counts as
//     generalised to the root (f = N).
//   - intensity = Σ_i (l_i/h_i) / q (a property of the node; ignores S).
//   - loss (ARX "Loss", Iyengar's LM) = (1/q) Σ_i (1/N) Σ_records
//     (leaves(g(v)) − 1)/(D_i − 1), with D_i the values of QI i's
//     hierarchy and leaves(g) those of its values under g, whether they
//     occur in the data or not (ARX's domain; without a hierarchy, the
//     distinct values in the data); a suppressed cell loses 1.
//
// Each metric m has a lower bound LB(X) ≤ m(Y) for every generalisation Y
// of node X (including X): DM: Σ over all classes E of X of |E|·max(|E|,k),
// k the largest k-anonymity k (1 if none), because every record of E ends in
// Y either in a kept class, which holds E and at least k records, or
// suppressed at cost N; AECS:
// N/(all classes of X); precision, entropy, intensity, loss: the value of X
// with S = 0. The search prunes the generalisations of X when LB(X) beats
// nothing better than the incumbent.

// precompute fills the per-level tables used by the metrics.
func (p *problem) precompute() {
	q := len(p.qi)
	p.freq = make([][][]int, q)
	p.entSum = make([][]float64, q)
	p.entSupp = make([][][]float64, q)
	p.lossSum = make([][]float64, q)
	p.lossSupp = make([][][]float64, q)
	p.up = make([][][][]uint32, q)
	logN := math.Log2(float64(p.n))
	for i, col := range p.qi {
		h := p.hier[i]
		f0 := p.t.Columns[col].Counts()
		d := h.Domain
		levels := h.Height() + 1
		p.freq[i] = make([][]int, levels)
		p.entSum[i] = make([]float64, levels)
		p.entSupp[i] = make([][]float64, levels)
		p.lossSum[i] = make([]float64, levels)
		p.lossSupp[i] = make([][]float64, levels)
		for l := 0; l < levels; l++ {
			fl := make([]int, len(h.Dicts[l]))
			for c0, f := range f0 {
				fl[h.Map[l][c0]] += f
			}
			p.freq[i][l] = fl
			es := 0.0
			for c0, f := range f0 {
				if f > 0 {
					es += float64(f) * (math.Log2(float64(fl[h.Map[l][c0]])) - math.Log2(float64(f)))
				}
			}
			p.entSum[i][l] = es
			supp := make([]float64, len(fl))
			lsupp := make([]float64, len(fl))
			ls := 0.0
			for g, f := range fl {
				cell := 0.0
				if d > 1 {
					cell = float64(h.DomainLeaves[l][g]-1) / float64(d-1)
				}
				ls += float64(f) * cell
				lsupp[g] = 1 - cell
				if f > 0 {
					supp[g] = logN - math.Log2(float64(f))
				}
			}
			p.entSupp[i][l] = supp
			p.lossSum[i][l] = ls
			p.lossSupp[i][l] = lsupp
		}
		p.up[i] = make([][][]uint32, levels)
		for a := 0; a < levels; a++ {
			p.up[i][a] = make([][]uint32, levels)
			id := make([]uint32, len(h.Dicts[a]))
			for c := range id {
				id[c] = uint32(c)
			}
			p.up[i][a][a] = id
			for b := a + 1; b < levels; b++ {
				prev := p.up[i][a][b-1]
				m := make([]uint32, len(prev))
				for c, g := range prev {
					m[c] = h.Parent[b-1][g]
				}
				p.up[i][a][b] = m
			}
		}
	}
}

// ratio returns l/h, 0 for a QI of height 0.
func ratio(l, h int) float64 {
	if h == 0 {
		return 0
	}
	return float64(l) / float64(h)
}

// levelPart returns, for the level-only metrics, their value at levels with
// no suppression. Each term grows with every level, so the value is a lower
// bound for all generalisations.
func (p *problem) levelPart(m Metric, levels []int) float64 {
	q := float64(len(p.qi))
	s := 0.0
	switch m {
	case MetricPrecision, MetricIntensity:
		for i, l := range levels {
			s += ratio(l, p.heights[i])
		}
		return s / q
	case MetricEntropy:
		for i, l := range levels {
			s += p.entSum[i][l]
		}
		return s
	case MetricLoss:
		for i, l := range levels {
			s += p.lossSum[i][l] / float64(p.n)
		}
		return s / q
	}
	return math.Inf(-1)
}

// hasLevelBound reports whether m's lower bound needs no evaluation.
func hasLevelBound(m Metric) bool {
	return m != MetricDM && m != MetricAECS
}

// needsSuppressedCodes reports whether m's score needs, per QI, how many
// suppressed records hold each generalised code.
func needsSuppressedCodes(m Metric) bool {
	return m == MetricEntropy || m == MetricLoss
}

// values computes every metric of a node from its statistics. st.suppCodes
// must be filled (see classify) for entropy and loss to include suppression.
func (p *problem) values(levels []int, st *nodeStats) MetricValues {
	n := float64(p.n)
	q := float64(len(p.qi))
	var v MetricValues
	v.DM = st.sumSqKept + float64(st.suppressed)*n
	den := st.kept
	if st.suppressed > 0 {
		den++
	}
	v.AECS = n / float64(den)
	lp := p.levelPart(MetricPrecision, levels)
	rest := 0.0
	for i, l := range levels {
		rest += 1 - ratio(l, p.heights[i])
	}
	v.Intensity = lp
	v.Precision = 1 - (lp + float64(st.suppressed)*rest/(n*q))
	v.NonUniformEntropy = p.levelPart(MetricEntropy, levels)
	v.Loss = p.levelPart(MetricLoss, levels)
	if st.suppCodes != nil {
		e, lo := 0.0, 0.0
		for i, l := range levels {
			for g, c := range st.suppCodes[i] {
				if c > 0 {
					e += float64(c) * p.entSupp[i][l][g]
					lo += float64(c) * p.lossSupp[i][l][g]
				}
			}
		}
		v.NonUniformEntropy += e
		v.Loss += lo / (n * q)
		st.extraEnt, st.extraLoss = e, lo/(n*q)
	}
	return v
}

// witness returns what an evaluated node Z tells about the suppression of
// its specialisations X (which, when only superset-closed models are used,
// suppress every record Z suppresses): the suppressed count for DM and
// precision, the suppression part of entropy or loss (per record it only
// grows as levels fall). NaN when the objective has no such bound.
func (p *problem) witness(st *nodeStats) float64 {
	switch p.metric {
	case MetricDM, MetricPrecision:
		return float64(st.suppressed)
	case MetricEntropy:
		return st.extraEnt
	case MetricLoss:
		return st.extraLoss
	}
	return math.NaN()
}

// downBound returns a lower bound of the objective at levels given the
// largest witness w of an evaluated generalisation (see witness):
//
//   - DM(X) = Σ_kept|E|² + S·N ≥ (N−S)·k + S·N ≥ N·k + w·(N−k), k the
//     largest k of the models (1 if none), as S ≥ w and N ≥ k;
//   - precision: level part + w·Σ(1−l/h)/(N·q);
//   - entropy, loss: level part + w.
func (p *problem) downBound(levels []int, w float64) float64 {
	n := float64(p.n)
	switch p.metric {
	case MetricDM:
		k := float64(max(p.maxK, 1))
		return n*k + w*(n-k)
	case MetricPrecision:
		rest := 0.0
		for i, l := range levels {
			rest += 1 - ratio(l, p.heights[i])
		}
		return p.levelPart(MetricPrecision, levels) + w*rest/(n*float64(len(p.qi)))
	case MetricEntropy, MetricLoss:
		return p.levelPart(p.metric, levels) + w
	}
	return math.Inf(-1)
}

// score returns the objective from the metric values. For precision it is
// recomputed as level part + suppression part, so that it is never below
// the lower bound by a rounding error.
func (p *problem) score(levels []int, st *nodeStats, v MetricValues) float64 {
	switch p.metric {
	case MetricAECS:
		return v.AECS
	case MetricPrecision:
		rest := 0.0
		for i, l := range levels {
			rest += 1 - ratio(l, p.heights[i])
		}
		return p.levelPart(MetricPrecision, levels) + float64(st.suppressed)*rest/(float64(p.n)*float64(len(p.qi)))
	case MetricEntropy:
		return v.NonUniformEntropy
	case MetricIntensity:
		return v.Intensity
	case MetricLoss:
		return v.Loss
	}
	return v.DM
}

// lowerBound returns LB(X) for the objective (see the formulas above).
func (p *problem) lowerBound(levels []int, st *nodeStats) float64 {
	switch p.metric {
	case MetricDM:
		return st.sumSqAll
	case MetricAECS:
		if p.ent != nil {
			// whole-patient suppression can leave every class kept with
			// records suppressed: AECS = N/(kept+1) ≥ N/(classes+1)
			return float64(p.n) / float64(st.classes+1)
		}
		return float64(p.n) / float64(st.classes)
	}
	return p.levelPart(p.metric, levels)
}
