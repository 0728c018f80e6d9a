package deid

// classifyEntity is classify with an entity (patient) column: the key's
// entity field makes each entry one patient's records in one class (with
// one combination of sensitive values). A class is valid when its kept
// patients are at least k and its kept records hold at least l distinct
// values of each sensitive attribute. Patients with a record in an invalid
// class are suppressed with all their records, and classes are re-checked
// without them until nothing changes. As the models only need classes to
// be large enough, a union of valid patient sets is valid, so this reaches
// the largest valid set, and a generalisation (whose classes are unions)
// never suppresses a patient its specialisation keeps.
func (e *evaluator) classifyEntity(fs *freqSet, withCodes, withValid bool) *nodeStats {
	p := e.p
	st := &nodeStats{}
	e.groupClasses(fs)
	nc := len(e.classKeys)
	st.classes = nc
	dead := grow(e.dead, p.ent.size)
	clear(dead)
	e.dead = dead
	invalid := make([]bool, nc)
	mask := uint64(1)<<p.ent.width - 1
	for changed := true; changed; {
		changed = false
		for c := 0; c < nc; c++ {
			if invalid[c] || e.entityClassOK(c, fs, dead) {
				continue
			}
			invalid[c] = true
			for _, j := range e.order[e.start[c]:e.start[c+1]] {
				if ent := (fs.keys[j] >> p.ent.shift) & mask; !dead[ent] {
					dead[ent] = true
					changed = true
				}
			}
		}
	}
	if withCodes {
		st.suppCodes = make([][]int, len(p.qi))
		for i, l := range fs.levels {
			st.suppCodes[i] = make([]int, len(p.hier[i].Dicts[l]))
		}
	}
	if withValid {
		st.validEntry = make([]bool, len(fs.keys))
	}
	for c := 0; c < nc; c++ {
		kept, lost := 0, 0
		for _, j := range e.order[e.start[c]:e.start[c+1]] {
			if dead[(fs.keys[j]>>p.ent.shift)&mask] {
				lost += int(fs.counts[j])
				continue
			}
			kept += int(fs.counts[j])
			if withValid {
				st.validEntry[j] = true
			}
		}
		if kept > 0 {
			st.kept++
			st.sumSqKept += float64(kept) * float64(kept)
		}
		st.suppressed += lost
		if withCodes && lost > 0 {
			qk := e.classKeys[c]
			for i := range p.qi {
				st.suppCodes[i][(qk>>p.shift[i])&(uint64(1)<<p.width[i]-1)] += lost
			}
		}
	}
	// Every kept record sits in a class of at least k patients, so of at
	// least k records: DM ≥ N·min(k, N) at this node and above.
	n := float64(p.n)
	st.sumSqAll = n * min(float64(max(p.maxK, 1)), n)
	st.anonymous = st.suppressed <= p.maxSup && st.kept > 0
	st.values = p.values(fs.levels, st)
	st.score = p.score(fs.levels, st, st.values)
	st.lb = p.lowerBound(fs.levels, st)
	return st
}

// entityClassOK checks class c over the patients not yet suppressed: at
// least k of them, and at least l distinct values of each sensitive
// attribute among their records.
func (e *evaluator) entityClassOK(c int, fs *freqSet, dead []bool) bool {
	p := e.p
	entries := e.order[e.start[c]:e.start[c+1]]
	mask := uint64(1)<<p.ent.width - 1
	e.seen = grow(e.seen, p.ent.size)
	patients := 0
	var touched []uint32
	for _, j := range entries {
		ent := uint32((fs.keys[j] >> p.ent.shift) & mask)
		if dead[ent] || e.seen[ent] {
			continue
		}
		e.seen[ent] = true
		touched = append(touched, ent)
		patients++
	}
	for _, ent := range touched {
		e.seen[ent] = false
	}
	if patients < max(p.maxK, 1) {
		return false
	}
	for a, s := range p.sens {
		cnt := e.cnt[a]
		t := e.touched[a][:0]
		vmask := uint64(1)<<s.width - 1
		for _, j := range entries {
			if dead[(fs.keys[j]>>p.ent.shift)&mask] {
				continue
			}
			v := uint32(fs.keys[j]>>s.shift) & uint32(vmask)
			if cnt[v] == 0 {
				t = append(t, v)
			}
			cnt[v] += fs.counts[j]
		}
		for _, v := range t {
			cnt[v] = 0
		}
		e.touched[a] = t
		if len(t) < s.distinct {
			return false
		}
	}
	return true
}
